// The model test of chapter 7: a client whose request the server gives up because it is shutting
// down hears so, with what it needs to act on it.
#include <gtest/gtest.h>

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "respond.h"

namespace {

TEST(MyRespondToFailure, AsksTheClientToTryAgainWhenTheServerShutsDown) {
  // What Shutdown() does to the context of every request still running.
  auto [ctx, cancel] = context::WithCancelCause(context::Background());
  cancel(http::ErrServerClosed);
  const http::Request request =
      httptest::NewRequest(http::MethodGet, "/profiles/ada").WithContext(ctx);
  httptest::ResponseRecorder response;

  tutorial::RespondToFailure(response, request, context::Canceled);

  EXPECT_EQ(response.Code(), http::StatusServiceUnavailable);
  EXPECT_NE(response.ResultHeader().Get("Retry-After"), "") << "when may the client try again?";
  EXPECT_EQ(response.ResultHeader().Get("Connection"), "close");
}

}  // namespace
