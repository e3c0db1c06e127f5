// Chapter 2 with a GoogleMock store: the expectations on Cancel() replace the spy's flag and its
// helpers. GoogleMock checks them when `store` goes out of scope, at the end of each test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

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

const std::string kData = "hello, world";

TEST(ServerWithMock, ReturnsDataFromStore) {
  spies::MockStore store;
  EXPECT_CALL(store, Fetch()).WillOnce(spies::ReturnAfter(100ms, kData));
  EXPECT_CALL(store, Cancel()).Times(0);
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), kData);
}

TEST(ServerWithMock, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::MockStore store;
  EXPECT_CALL(store, Fetch()).WillOnce(spies::ReturnAfter(100ms, kData));
  EXPECT_CALL(store, Cancel()).Times(1);
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);

  httptest::ResponseRecorder response;

  server(response, request);
}

}  // namespace
}  // namespace tutorial
