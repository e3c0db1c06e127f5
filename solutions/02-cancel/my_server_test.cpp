// The model test of chapter 2: the happy path says what must not happen as well as what must.
#include <gtest/gtest.h>

#include "http/handler.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/ch02/spy_store.h"

namespace tutorial {
namespace {

TEST(MyServer, ReturnsDataFromStore) {
  spies::SpyStore store("what the store holds today");
  const http::HandlerFunc server = Server(store);
  httptest::ResponseRecorder response;

  server(response, httptest::NewRequest(http::MethodGet, "/"));

  EXPECT_EQ(response.Body(), "what the store holds today");
  EXPECT_EQ(response.Code(), http::StatusOK);
  // Nobody gave up, so nothing may be cancelled: not before the fetch, not after the answer.
  EXPECT_TRUE(store.WasNotCancelled());
}

}  // namespace
}  // namespace tutorial
