// Chapter 3: the handler passes the request's context to the store, and writes nothing when the
// store gives up because the request was cancelled.
#include "server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "context/context.h"
#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "spies/cancel_after.h"
#include "spies/ch03/spy_store.h"
#include "spies/spy_response_writer.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

const std::string kData = "hello, world";

TEST(Server, ReturnsDataFromStore) {
  spies::SpyStore store(kData);  // spells its answer at 10 ms a character: 120 ms
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), kData);
}

TEST(Server, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::SpyStore store(kData);
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);

  // The recorder cannot tell "wrote an empty body" from "wrote nothing"; this spy can.
  spies::SpyResponseWriter response;

  server(response, request);

  EXPECT_TRUE(response.NothingWasWritten());
}

}  // namespace
}  // namespace tutorial
