// Your test of chapter 1, written before the handler (README.md, "Red: your first test").
// `./kit check 01` runs it on your code, on the solution (where it must pass) and on wrong
// handlers it must catch, and names each one it lets through.
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
  // Arrange: a spies::StubStore holding some data, and the handler Server(store) returns.
  // Act: call the handler with a httptest::ResponseRecorder and
  //      httptest::NewRequest(http::MethodGet, "/").
  // Assert: what the client received, the recorder's Body() and Code().
}

}  // namespace
}  // namespace tutorial
