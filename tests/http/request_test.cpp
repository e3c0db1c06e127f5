#include "http/request.h"

#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "http/status.h"
#include "httptest/request.h"

namespace {

TEST(NewRequest, CarriesMethodTargetAndBody) {
  const http::Request request = httptest::NewRequest(http::MethodPost, "/users?id=7", "name=Ada");
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/users?id=7");
  EXPECT_EQ(request.body, "name=Ada");
  EXPECT_TRUE(request.header.empty());
}

// In a mock's "Function call:" line and in assertions: what the request is, not its bytes.
TEST(Request, PrintsItsMethodTargetBodyAndContext) {
  const http::Request plain = httptest::NewRequest(http::MethodGet, "/users?id=7");
  EXPECT_EQ(::testing::PrintToString(plain), "GET /users?id=7 (Context{never done; Background})");

  auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  const http::Request cancelled =
      httptest::NewRequest(http::MethodPost, "/orders", "item=3").WithContext(ctx);
  EXPECT_EQ(
      ::testing::PrintToString(cancelled),
      "POST /orders, 6-byte body (Context{done: context canceled; WithCancel <- Background})");
}

TEST(NewRequest, HasTheBackgroundContext) {
  const http::Request request = httptest::NewRequest(http::MethodGet, "/");
  EXPECT_FALSE(request.Context().Done().stop_possible());
  EXPECT_FALSE(request.Context().Err());
  EXPECT_FALSE(request.Context().Deadline().has_value());
}

TEST(Request, WithContextReturnsACopyAndLeavesTheOriginalAlone) {
  http::Request original = httptest::NewRequest(http::MethodGet, "/");
  original.header.Set("X-Trace", "abc");
  auto [ctx, cancel] = context::WithCancel(original.Context());

  const http::Request derived = original.WithContext(ctx);
  cancel();

  EXPECT_EQ(derived.Context(), ctx);
  EXPECT_EQ(derived.Context().Err(), context::Canceled);
  EXPECT_EQ(derived.header.Get("X-Trace"), "abc");
  EXPECT_EQ(derived.target, original.target);
  EXPECT_FALSE(original.Context().Err());
}

TEST(StatusText, NamesKnownCodes) {
  EXPECT_EQ(http::StatusText(http::StatusOK), "OK");
  EXPECT_EQ(http::StatusText(http::StatusNotFound), "Not Found");
  EXPECT_EQ(http::StatusText(http::StatusBadGateway), "Bad Gateway");
  EXPECT_EQ(http::StatusText(http::StatusGatewayTimeout), "Gateway Timeout");
  EXPECT_EQ(http::StatusText(299), "");
}

}  // namespace
