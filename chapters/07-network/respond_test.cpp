// Chapter 7, step 3: what a failed request is answered, called directly with httptest. Each test
// ends the request's context the way the server would, with the cause the server gives.
#include "respond.h"

#include <gtest/gtest.h>

#include <chrono>
#include <system_error>

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "spies/spy_response_writer.h"

namespace {

// A request whose context the server has ended, with `cause` as its reason.
http::Request RequestEndedBy(std::error_code cause) {
  auto [ctx, cancel] = context::WithCancelCause(context::Background());
  cancel(cause);
  return httptest::NewRequest(http::MethodGet, "/profiles/ada").WithContext(ctx);
}

// A request whose client is still waiting.
http::Request LiveRequest() {
  return httptest::NewRequest(http::MethodGet, "/profiles/ada");
}

TEST(RespondToFailure, WritesNothingWhenTheClientHasGone) {
  spies::SpyResponseWriter response;

  tutorial::RespondToFailure(response, RequestEndedBy(http::ErrClientGone), context::Canceled);

  EXPECT_TRUE(response.NothingWasWritten());
}

TEST(RespondToFailure, WritesNothingWhenTheRequestEndedForAnyReasonButShutdown) {
  spies::SpyResponseWriter response;

  tutorial::RespondToFailure(response, RequestEndedBy(context::Canceled), context::Canceled);

  EXPECT_TRUE(response.NothingWasWritten());
}

TEST(RespondToFailure, AsksTheClientToTryAgainWhenTheServerIsShuttingDown) {
  httptest::ResponseRecorder response;

  tutorial::RespondToFailure(response, RequestEndedBy(http::ErrServerClosed), context::Canceled);

  EXPECT_EQ(response.Code(), http::StatusServiceUnavailable);
  EXPECT_NE(response.ResultHeader().Get("Retry-After"), "") << "when should the client come back?";
  EXPECT_EQ(response.ResultHeader().Get("Connection"), "close")
      << "this connection has no future: the server is going away";
}

TEST(RespondToFailure, AnswersGatewayTimeoutWhenTheWorkRanOutOfTime) {
  httptest::ResponseRecorder response;

  tutorial::RespondToFailure(response, LiveRequest(), context::DeadlineExceeded);

  EXPECT_EQ(response.Code(), http::StatusGatewayTimeout);
}

TEST(RespondToFailure, AnswersGatewayTimeoutWhenTheRequestsOwnDeadlinePassed) {
  httptest::ResponseRecorder response;

  // A request whose client gave it a budget (a deadline on its context) that ran out.
  auto [ctx, cancel] = context::WithTimeout(context::Background(), std::chrono::milliseconds(0));
  const http::Request request =
      httptest::NewRequest(http::MethodGet, "/profiles/ada").WithContext(ctx);
  tutorial::RespondToFailure(response, request, context::DeadlineExceeded);
  cancel();

  EXPECT_EQ(response.Code(), http::StatusGatewayTimeout) << "the client is still waiting";
}

TEST(RespondToFailure, AnswersBadGatewayWhenABackendFailed) {
  httptest::ResponseRecorder response;

  tutorial::RespondToFailure(response, LiveRequest(),
                             std::make_error_code(std::errc::connection_refused));

  EXPECT_EQ(response.Code(), http::StatusBadGateway);
}

}  // namespace
