// The model tests of chapter 2: checks that say in words what the spy saw, and a happy path that
// says what must not happen as well as what must.
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

// Used as EXPECT_TRUE(WasCancelled(store)): a failure is reported at the test's line, with these
// words after "Actual: false".
::testing::AssertionResult WasCancelled(const spies::SpyStore& store) {
  if (store.CancelWasCalled()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "store was not told to cancel";
}

::testing::AssertionResult WasNotCancelled(const spies::SpyStore& store) {
  if (!store.CancelWasCalled()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "store was told to cancel";
}

TEST(MyServer, ReturnsDataFromStore) {
  spies::SpyStore store("what the store holds today");
  const http::HandlerFunc server = Server(store);
  httptest::ResponseRecorder response;

  server(response, httptest::NewRequest(http::MethodGet, "/"));

  EXPECT_EQ(response.Body(), "what the store holds today");
  EXPECT_EQ(response.Code(), http::StatusOK);
  // Nobody gave up, so nothing may be cancelled: not before the fetch, not after the answer.
  EXPECT_TRUE(WasNotCancelled(store));
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
