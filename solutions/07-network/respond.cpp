// Chapter 7, step 3 solved: the answer depends on who is still listening, and why the work
// stopped.
//
// The server records why a request's context ended as its cause: the client went away (nobody
// to answer), the server is shutting down (the client waits, and is better served by "try
// again" than by an error it cannot act on), or the request's deadline passed (the client waits
// for its 504). The work's own deadline (WithTimeout in server.cpp) ends the work's context, not
// the request's: it shows in `error` while the request's context is still live.
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
