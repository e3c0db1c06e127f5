// The model test of chapter 3: a cancelled request gets no answer, not even an empty one.
#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "http/handler.h"
#include "httptest/request.h"
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
  // A recorder's empty body looks the same whether the handler wrote "" or nothing: the spy
  // remembers every call, a status line or a header included.
  spies::SpyResponseWriter response;

  server(response, request);

  EXPECT_TRUE(response.NothingWasWritten());
}

}  // namespace
}  // namespace tutorial
