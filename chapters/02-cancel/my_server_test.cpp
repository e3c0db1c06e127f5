// Your test of chapter 2 (README.md, "Green, the quick way, and why it is wrong"): chapter 1's
// happy path, now with a spy. `./kit check 02` grades it against the handlers that cancel a store
// nobody asked them to cancel; make it catch them.
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
}

}  // namespace
}  // namespace tutorial
