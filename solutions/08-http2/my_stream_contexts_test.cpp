// The model test of chapter 8: a reset cancels its own stream's context, and only that one.
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

  streams->Reset(3);

  EXPECT_EQ(context::Cause(three), http::ErrStreamReset);
  EXPECT_EQ(one.Err(), std::error_code{});  // their clients still wait for an answer
  EXPECT_EQ(five.Err(), std::error_code{});
}

}  // namespace
}  // namespace tutorial
