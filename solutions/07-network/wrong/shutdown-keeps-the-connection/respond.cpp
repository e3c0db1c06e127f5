// wrong turn [plain]: a 503 at shutdown that lets the client keep its connection
//
// The client is told to try again, and will try on the same connection, to a server that is
// going away: without Connection: close it finds out only when that connection fails.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  const std::error_code cause = context::Cause(r.Context());
  if (cause == http::ErrClientGone) return;  // nobody is listening
  if (cause == http::ErrServerClosed) {
    w.Header().Set("Retry-After", "1");
    w.WriteHeader(http::StatusServiceUnavailable);
    w.Write("the server is shutting down: try again\n");
    return;
  }
  if (error == context::DeadlineExceeded || cause == context::DeadlineExceeded) {
    w.WriteHeader(http::StatusGatewayTimeout);
    w.Write("the profile took too long to load\n");
    return;
  }
  if (r.Context().Err()) return;  // the request is over: nobody is listening
  w.WriteHeader(http::StatusBadGateway);
  w.Write("the profile could not be loaded\n");
}

}  // namespace tutorial
