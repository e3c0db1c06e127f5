// right turn: the cause read first, and a timeout recognised by its portable condition
//
// context::Cause() of a live context is empty, so one look at the cause covers every case of a
// done request; std::errc::timed_out is the condition that context::DeadlineExceeded (and any
// other library's timeout) compares equal to.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  const std::error_code cause = context::Cause(r.Context());
  if (cause == http::ErrServerClosed) {
    w.Header().Set("Connection", "close");
    w.Header().Set("Retry-After", "2");
    w.WriteHeader(http::StatusServiceUnavailable);
    w.Write("shutting down\n");
  } else if (cause) {
    // gone, or ended by anything else: nobody reads an answer
  } else if (error == std::errc::timed_out) {
    w.WriteHeader(http::StatusGatewayTimeout);
    w.Write("too slow\n");
  } else {
    w.WriteHeader(http::StatusBadGateway);
    w.Write("upstream failure\n");
  }
}

}  // namespace tutorial
