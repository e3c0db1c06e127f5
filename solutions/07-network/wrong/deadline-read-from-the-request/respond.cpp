// wrong turn [plain]: a timeout recognised by the request's context only, not by the error
//
// The work's deadline belongs to the work's context (WithTimeout in server.cpp), derived from the
// request's: when it passes, the work's context ends and the request's does not. So this 504
// never comes for it; the client gets 502, as if the profile service had failed.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r,
                      [[maybe_unused]] std::error_code error) {
  const std::error_code cause = context::Cause(r.Context());
  if (cause == http::ErrClientGone) return;  // nobody is listening
  if (cause == http::ErrServerClosed) {
    w.Header().Set("Retry-After", "1");
    w.Header().Set("Connection", "close");
    w.WriteHeader(http::StatusServiceUnavailable);
    w.Write("the server is shutting down: try again\n");
    return;
  }
  if (cause == context::DeadlineExceeded) {
    w.WriteHeader(http::StatusGatewayTimeout);
    w.Write("the profile took too long to load\n");
    return;
  }
  if (r.Context().Err()) return;  // the request is over: nobody is listening
  w.WriteHeader(http::StatusBadGateway);
  w.Write("the profile could not be loaded\n");
}

}  // namespace tutorial
