// wrong turn [plain]: a client that hung up is answered as if the server were shutting down
//
// It writes a 503 nobody will read, into a closed connection, for nothing. Only the cause tells a
// hang-up from a shutdown.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  const std::error_code cause = context::Cause(r.Context());
  if (r.Context().Err() && cause != context::DeadlineExceeded) {  // a shutdown, surely
    w.Header().Set("Retry-After", "1");
    w.Header().Set("Connection", "close");
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
