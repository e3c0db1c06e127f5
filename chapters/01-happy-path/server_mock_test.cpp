// Chapter 1: the same happy path, with a GoogleMock store instead of the hand-written stub.
// The mock also checks how the store was used: asked exactly once per request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "http/handler.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/ch01/mock_store.h"

namespace tutorial {
namespace {

using ::testing::Return;

TEST(ServerWithMock, ReturnsDataFromStore) {
  spies::MockStore store;
  EXPECT_CALL(store, Fetch()).WillOnce(Return("bonjour, le monde"));
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), "bonjour, le monde");
  EXPECT_EQ(response.Code(), http::StatusOK);
}

TEST(ServerWithMock, AsksTheStoreAgainForEachRequest) {
  spies::MockStore store;
  const http::HandlerFunc server = Server(store);
  // Set after the handler is built: building it must not ask the store anything.
  EXPECT_CALL(store, Fetch()).WillOnce(Return("first")).WillOnce(Return("second"));

  httptest::ResponseRecorder first;
  server(first, httptest::NewRequest(http::MethodGet, "/"));
  httptest::ResponseRecorder second;
  server(second, httptest::NewRequest(http::MethodGet, "/"));

  EXPECT_EQ(first.Body(), "first");
  EXPECT_EQ(second.Body(), "second");
}

}  // namespace
}  // namespace tutorial
