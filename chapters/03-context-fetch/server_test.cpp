// Chapter 3: the handler passes the request's context to the store, and writes nothing when the
// store gives up because the request was cancelled.
#include "server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "http/handler.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "spies/cancel_after.h"
#include "spies/ch03/spy_store.h"
#include "spies/context_matchers.h"
#include "spies/spy_response_writer.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

TEST(Server, ReturnsDataFromStore) {
  spies::SpyStore store("hello, world");  // spells its answer at 10 ms a character: 120 ms
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  // What the request's context carries must reach the store: it gets the request's context, or
  // one derived from it.
  request = request.WithContext(context::WithValue<spies::RequestId>(request.Context(), "req-42"));
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), "hello, world");
  EXPECT_EQ(response.Code(), http::StatusOK);
  EXPECT_THAT(store.LastContext(), spies::CarriesValue<spies::RequestId>("req-42"));
}

TEST(Server, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::SpyStore store("too late for anyone");
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);

  // The recorder cannot tell "wrote an empty body" from "wrote nothing"; this spy can.
  spies::SpyResponseWriter response;

  server(response, request);

  EXPECT_TRUE(response.NothingWasWritten());
  EXPECT_TRUE(store.GaveUp());  // its context was cancelled with the request
}

}  // namespace
}  // namespace tutorial
