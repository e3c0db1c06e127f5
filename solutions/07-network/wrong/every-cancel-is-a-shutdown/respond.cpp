// wrong turn [plain]: every done request context is taken for a shutdown
//
// A client that hung up gets a 503 nobody will read: the server writes into a closed
// connection, for nothing. Only the cause tells a hang-up from a shutdown.
#include "respond.h"

#include "context/context.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  if (r.Context().Err()) {
    w.Header().Set("Retry-After", "1");
    w.Header().Set("Connection", "close");
    w.WriteHeader(http::StatusServiceUnavailable);
    w.Write("the server is shutting down: try again\n");
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
