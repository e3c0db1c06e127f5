// Your test of chapter 8 (README.md, "Your test first"): resetting one stream must cancel that
// stream's context, and only that one. The setup is done; finish the test after its last line.
// `./kit check 08` grades it against StreamContexts that get this wrong in plausible ways.
#include <gtest/gtest.h>

#include "context/context.h"
#include "http/server.h"
#include "stream_contexts.h"

namespace tutorial {
namespace {

TEST(MyStreamContexts, AResetCancelsOnlyThatStream) {
  const auto streams = NewStreamContexts(context::Background());  // one connection's
  const context::Context one = streams->Open(1);
  const context::Context three = streams->Open(3);
  const context::Context five = streams->Open(5);
  // Three requests in flight on one connection. The client resets stream 3: say what that must
  // do to each of the three contexts.
}

}  // namespace
}  // namespace tutorial
