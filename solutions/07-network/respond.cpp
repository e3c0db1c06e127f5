// Chapter 7, step 3 solved: the answer depends on who is still waiting, and why the work stopped.
//
// A request's context ends for one of three reasons, and the server records which in its cause:
// the client went away (nobody to answer), the server is shutting down (the client waits, and
// is better served by "try again" than by an error it cannot act on), or the handler returned.
// The work's own deadline (WithTimeout in server.cpp) ends the work's context, not the request's:
// it shows in `error` while the request's context is still live.
#include "respond.h"

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"

namespace tutorial {

void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error) {
  if (r.Context().Err()) {
    if (context::Cause(r.Context()) != http::ErrServerClosed) return;  // nobody is waiting
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
