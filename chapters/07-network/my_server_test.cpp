// Your test of chapter 7 (README.md, "Step 3"): what a client hears when the server shuts down
// under its request. The request is set up as Shutdown() leaves it; the expectations are yours.
// `./kit check 07` grades your test against answers that leave out what the client needs.
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

  // What must the client receive? (response.Code(), response.ResultHeader().Get("..."))
}

}  // namespace
