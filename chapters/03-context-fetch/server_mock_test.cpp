// Chapter 3 with GoogleMock: the mock store checks the context the handler passed on by what it
// carries and by what it does (it must be cancelled with the request), and a StrictMock writer
// fails on any call at all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "context/context.h"
#include "http/handler.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/cancel_after.h"
#include "spies/ch03/mock_store.h"
#include "spies/context_matchers.h"
#include "spies/mock_response_writer.h"
#include "spies/spell_slowly.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;
using ::testing::_;

// The mock's Fetch behaves like a real store that honours its context.
auto SpellSlowly(std::string text) {
  return [text = std::move(text)](const context::Context& ctx) {
    return spies::SpellSlowly(ctx, text);
  };
}

TEST(ServerWithMock, ReturnsDataFromStore) {
  spies::MockStore store;
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  request = request.WithContext(context::WithValue<spies::RequestId>(request.Context(), "req-42"));
  // Any context that carries the request's values will do: the request's own, or one derived.
  EXPECT_CALL(store, Fetch(spies::CarriesValue<spies::RequestId>("req-42")))
      .WillOnce(SpellSlowly("salut, monde"));
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), "salut, monde");
  EXPECT_EQ(response.Code(), http::StatusOK);
}

TEST(ServerWithMock, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::MockStore store;
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);
  // Whatever context the handler passes on, cancelling the request must stop the Fetch.
  EXPECT_CALL(store, Fetch(_)).WillOnce(spies::SpellSlowlyUntilCancelled("too late for anyone"));

  ::testing::StrictMock<spies::MockResponseWriter> response;  // any call fails the test

  server(response, request);
}

}  // namespace
}  // namespace tutorial
