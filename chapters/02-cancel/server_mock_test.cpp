// Chapter 2 with a GoogleMock store: the expectations on Cancel() replace the spy's flag and its
// helpers. GoogleMock checks them when `store` goes out of scope, at the end of each test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/cancel_after.h"
#include "spies/ch02/mock_store.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

TEST(ServerWithMock, ReturnsDataFromStore) {
  spies::MockStore store;
  spies::SlowFetch slow_fetch(100ms, "bonjour, le monde");
  EXPECT_CALL(store, Fetch()).WillOnce(slow_fetch.Action());
  EXPECT_CALL(store, Cancel()).Times(0);
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), "bonjour, le monde");
}

TEST(ServerWithMock, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::MockStore store;
  // Up to half a second of work, which this store's Cancel() cuts short.
  spies::SlowFetch slow_fetch(500ms, "too late for anyone");
  EXPECT_CALL(store, Fetch()).WillOnce(slow_fetch.Action());
  // Once, and while there is still work to cancel.
  EXPECT_CALL(store, Cancel()).WillOnce([&slow_fetch] {
    EXPECT_FALSE(slow_fetch.HasReturned()) << "Cancel() came after Fetch had returned";
    slow_fetch.Interrupt();
  });
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);

  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_FALSE(slow_fetch.IsRunning()) << "the handler returned before its Fetch did";
  EXPECT_EQ(response.Body(), "");
}

}  // namespace
}  // namespace tutorial
