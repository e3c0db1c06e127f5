// The model test of chapter 1: what a client receives from the handler, checked whole.
#include <gtest/gtest.h>

#include "http/handler.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/ch01/stub_store.h"

namespace tutorial {
namespace {

TEST(MyServer, ReturnsDataFromStore) {
  // Data of this test's own: a handler that writes the lesson's "hello, world" cannot match it.
  spies::StubStore store("the store's data, and nothing else");
  const http::HandlerFunc server = Server(store);
  httptest::ResponseRecorder response;

  server(response, httptest::NewRequest(http::MethodGet, "/"));

  EXPECT_EQ(response.Body(), "the store's data, and nothing else");  // exactly: not one byte more
  EXPECT_EQ(response.Code(), http::StatusOK);  // the right body with an error status is a failure
}

}  // namespace
}  // namespace tutorial
