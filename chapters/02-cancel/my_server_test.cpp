// Your tests of chapter 2 (README.md, "Your tests: two checks that say what happened"): chapter
// 1's happy path with a spy, a client who gives up, and the two checks both need. `./kit check 02`
// runs them on the solution (they must pass), on the starting code (chapter 1's handler cancels
// nothing: they must fail there first) and on handlers that cancel a store nobody asked them to
// cancel, and names each one your tests let through.
#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "http/handler.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/cancel_after.h"
#include "spies/ch02/spy_store.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

// Write these two. Each is a success when the spy saw what its name says (ask it with
// store.CancelWasCalled()), and otherwise a failure whose message says what happened instead:
// ::testing::AssertionFailure() << "...". Until then they let everything pass.
::testing::AssertionResult WasCancelled(const spies::SpyStore& /*store*/) {
  return ::testing::AssertionSuccess();
}

// [[maybe_unused]]: no test calls it yet (the compiler would say so); your happy path will.
[[maybe_unused]] ::testing::AssertionResult WasNotCancelled(const spies::SpyStore& /*store*/) {
  return ::testing::AssertionSuccess();
}

TEST(MyServer, ReturnsDataFromStore) {
  spies::SpyStore store("what the store holds today");
  const http::HandlerFunc server = Server(store);
  httptest::ResponseRecorder response;

  server(response, httptest::NewRequest(http::MethodGet, "/"));

  EXPECT_EQ(response.Body(), "what the store holds today");
  EXPECT_EQ(response.Code(), http::StatusOK);
}

TEST(MyServer, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::SpyStore store("nobody waits for this");
  const http::HandlerFunc server = Server(store);
  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);  // the client gives up 5 ms in
  httptest::ResponseRecorder response;

  server(response, request.WithContext(cancelling_ctx));

  EXPECT_TRUE(WasCancelled(store));
}

}  // namespace
}  // namespace tutorial
