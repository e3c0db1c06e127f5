// Chapter 1: the same happy path, with a GoogleMock store instead of the hand-written stub.
// The mock also checks that the handler asked the store exactly once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/ch01/mock_store.h"

namespace tutorial {
namespace {

using ::testing::Return;

const std::string kData = "hello, world";

TEST(ServerWithMock, ReturnsDataFromStore) {
  spies::MockStore store;
  EXPECT_CALL(store, Fetch()).WillOnce(Return(kData));
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), kData);
}

}  // namespace
}  // namespace tutorial
