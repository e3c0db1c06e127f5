// Chapter 1: the happy path, tested with a hand-written stub.
#include "server.h"

#include <gtest/gtest.h>

#include <string>

#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "spies/ch01/stub_store.h"

namespace tutorial {
namespace {

const std::string kData = "hello, world";

TEST(Server, ReturnsDataFromStore) {
  spies::StubStore store(kData);
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), kData);
}

}  // namespace
}  // namespace tutorial
