// Chapter 1: the happy path, tested with a hand-written stub.
#include "server.h"

#include <gtest/gtest.h>

#include "http/handler.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "spies/ch01/stub_store.h"

namespace tutorial {
namespace {

TEST(Server, ReturnsDataFromStore) {
  spies::StubStore store("hello, world");
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), "hello, world");
  EXPECT_EQ(response.Code(), http::StatusOK);
}

// One handler serves many requests: each gets what the store holds when it asks, not what it
// held when the handler was built or when the first request came.
TEST(Server, AsksTheStoreAgainForEachRequest) {
  spies::StubStore store("good morning");
  const http::HandlerFunc server = Server(store);

  httptest::ResponseRecorder morning;
  server(morning, httptest::NewRequest(http::MethodGet, "/"));

  store.SetResponse("good evening");
  httptest::ResponseRecorder evening;
  server(evening, httptest::NewRequest(http::MethodGet, "/"));

  EXPECT_EQ(morning.Body(), "good morning");
  EXPECT_EQ(evening.Body(), "good evening");
}

}  // namespace
}  // namespace tutorial
