// right turn: one switch over what happened, with a timeout recognised by its portable condition
//
// std::errc::timed_out is the condition that context::DeadlineExceeded (and any other library's
// timeout) compares equal to; and a context's cause is empty while it is live, so one look at the
// cause sorts every done request.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

namespace {

enum class Outcome { kNobodyListens, kShuttingDown, kOutOfTime, kBackendFailed };

Outcome WhatHappened(const context::Context& request, std::error_code error) {
  const std::error_code cause = context::Cause(request);
  if (cause == http::ErrServerClosed) return Outcome::kShuttingDown;
  if (cause == std::errc::timed_out || (!cause && error == std::errc::timed_out)) {
    return Outcome::kOutOfTime;
  }
  if (cause) return Outcome::kNobodyListens;
  return Outcome::kBackendFailed;
}

}  // namespace

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  switch (WhatHappened(r.Context(), error)) {
    case Outcome::kNobodyListens:
      return;
    case Outcome::kShuttingDown:
      w.Header().Set("Connection", "close");
      w.Header().Set("Retry-After", "2");
      w.WriteHeader(http::StatusServiceUnavailable);
      w.Write("shutting down\n");
      return;
    case Outcome::kOutOfTime:
      w.WriteHeader(http::StatusGatewayTimeout);
      w.Write("too slow\n");
      return;
    case Outcome::kBackendFailed:
      w.WriteHeader(http::StatusBadGateway);
      w.Write("upstream failure\n");
      return;
  }
}

}  // namespace tutorial
