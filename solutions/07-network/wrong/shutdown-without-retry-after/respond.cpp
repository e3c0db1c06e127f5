// wrong turn [plain]: a 503 at shutdown that does not say when to try again
//
// The client learns that the server is unavailable, not that it is a matter of a moment: without
// Retry-After, a well-behaved client backs off as from any failure, or gives up.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  if (r.Context().Err()) {
    if (context::Cause(r.Context()) != http::ErrServerClosed) return;
    w.Header().Set("Connection", "close");
    w.WriteHeader(http::StatusServiceUnavailable);
    w.Write("the server is shutting down\n");
    return;
  }
  if (error == context::DeadlineExceeded) {
    w.WriteHeader(http::StatusGatewayTimeout);
    w.Write("the profile took too long to load\n");
    return;
  }
  w.WriteHeader(http::StatusBadGateway);
  w.Write("the profile could not be loaded\n");
}

}  // namespace tutorial
