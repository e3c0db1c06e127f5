// Your test of chapter 3 (README.md, "Red: nothing may be written for a cancelled request"): a
// client that gives up after 5 ms must get no answer at all. `./kit check 03` grades it against
// handlers that still answer something; as it stands, it lets them through.
#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/cancel_after.h"
#include "spies/ch03/spy_store.h"
#include "spies/spy_response_writer.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

TEST(MyServer, WritesNothingForACancelledRequest) {
  spies::SpyStore store("too late for anyone");
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), "");
}

}  // namespace
}  // namespace tutorial
