// Chapter 6, part 1 with GoogleMock: the next handler is a mock, and its matchers state what the
// request it receives must carry. The order book and the log (orders_test.cpp) keep plain
// assertions: nothing there is an interaction between two objects, only an answer and a log line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "context/context.h"
#include "http/handler.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "middleware.h"
#include "spies/ch06/mock_handler.h"
#include "trace.h"

namespace {

using ::testing::_;

std::string AlwaysTheSameId() {
  return "made-up-id";
}

TEST(WithTraceIdWithMock, CallsNextOnceWithTheRequestsTraceId) {
  ::testing::StrictMock<spies::MockHandler> next;
  EXPECT_CALL(next, Call(_, spies::CarriesTraceId("4f1c0d2a9b8e7f61")));
  const http::HandlerFunc handler = tutorial::WithTraceId(next.AsStdFunction(), AlwaysTheSameId);
  http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
  request.header.Set(tutorial::kTraceIdHeader, "4f1c0d2a9b8e7f61");
  httptest::ResponseRecorder response;

  handler(response, request);
}

TEST(WithTraceIdWithMock, CallsNextWithAContextCancelledWithTheRequest) {
  ::testing::StrictMock<spies::MockHandler> next;
  EXPECT_CALL(next, Call(_, spies::IsCancelled()));
  const http::HandlerFunc handler = tutorial::WithTraceId(next.AsStdFunction(), AlwaysTheSameId);
  http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
  auto [ctx, cancel] = context::WithCancel(request.Context());
  cancel();  // the client has already left
  httptest::ResponseRecorder response;

  handler(response, request.WithContext(ctx));
}

}  // namespace
