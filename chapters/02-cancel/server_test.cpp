// Chapter 2: the store must be told to cancel when, and only when, the request is cancelled.
#include "server.h"

#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "spies/cancel_after.h"
#include "spies/ch02/spy_store.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

TEST(Server, ReturnsDataFromStore) {
  spies::SpyStore store("hello, world");
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), "hello, world");
  EXPECT_FALSE(store.CancelWasCalled());
}

TEST(Server, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::SpyStore store("too late for anyone");  // its Fetch takes 100 ms
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  // A client that gives up 5 ms in: derive a cancellable context from the request's own,
  // schedule its cancel, and send the request on with the new context.
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);

  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_TRUE(store.CancelWasCalled());
  EXPECT_TRUE(store.NoFetchIsRunning());  // the handler waited for the thread it started
  EXPECT_EQ(response.Body(), "");         // nobody is waiting for an answer
}

}  // namespace
}  // namespace tutorial
