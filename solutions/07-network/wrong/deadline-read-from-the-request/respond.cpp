// wrong turn [plain]: a timeout recognised by the request's context instead of by the error
//
// The deadline belongs to the work's context (WithTimeout in server.cpp), derived from the
// request's: when it passes, the work's context ends and the request's does not. So this 504
// never comes; the client gets 502, as if the profile service had failed.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r,
                      [[maybe_unused]] std::error_code error) {
  if (r.Context().Err() == context::DeadlineExceeded) {
    w.WriteHeader(http::StatusGatewayTimeout);
    w.Write("the profile took too long to load\n");
    return;
  }
  if (r.Context().Err()) {
    if (context::Cause(r.Context()) != http::ErrServerClosed) return;
    w.Header().Set("Retry-After", "1");
    w.Header().Set("Connection", "close");
    w.WriteHeader(http::StatusServiceUnavailable);
    w.Write("the server is shutting down: try again\n");
    return;
  }
  w.WriteHeader(http::StatusBadGateway);
  w.Write("the profile could not be loaded\n");
}

}  // namespace tutorial
