// Chapter 3 with GoogleMock: the mock store also proves the handler passed on the request's own
// context (the argument matcher), and a StrictMock writer fails on any call at all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "context/context.h"
#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/cancel_after.h"
#include "spies/ch03/mock_store.h"
#include "spies/mock_response_writer.h"
#include "spies/spell_slowly.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

const std::string kData = "hello, world";

// The mock's Fetch behaves like a real store that honours its context.
auto SpellDataSlowly() {
  return [](const context::Context& ctx) {
    return spies::SpellSlowly(ctx, kData);
  };
}

TEST(ServerWithMock, ReturnsDataFromStore) {
  spies::MockStore store;
  const http::HandlerFunc server = Server(store);

  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  EXPECT_CALL(store, Fetch(request.Context())).WillOnce(SpellDataSlowly());
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Body(), kData);
}

TEST(ServerWithMock, TellsStoreToCancelWorkIfRequestIsCancelled) {
  spies::MockStore store;
  const http::HandlerFunc server = Server(store);

  http::Request request = httptest::NewRequest(http::MethodGet, "/");
  auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  request = request.WithContext(cancelling_ctx);
  EXPECT_CALL(store, Fetch(cancelling_ctx)).WillOnce(SpellDataSlowly());

  ::testing::StrictMock<spies::MockResponseWriter> response;  // any call fails the test

  server(response, request);
}

}  // namespace
}  // namespace tutorial
