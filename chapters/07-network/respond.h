// What the chapter's server answers when a request's work failed (README.md, step 3).
#pragma once

#include <system_error>

#include "http/request.h"
#include "http/response_writer.h"

namespace tutorial {

// Called by the server (server.cpp) when the profile could not be loaded, with the error of the
// call that failed. The request context's cause says who is still listening:
//   - the client has gone (http::ErrClientGone): nobody reads an answer, write nothing;
//   - the server is shutting down (http::ErrServerClosed): the client waits and should try again,
//     elsewhere or a moment later: 503 Service Unavailable, Retry-After and Connection: close;
//   - the request's own deadline passed (context::DeadlineExceeded), or its work's did (`error`):
//     the client waits for 504 Gateway Timeout;
//   - the request is over for any other reason: nobody listens, write nothing;
//   - the request is live and something failed (Redis, the profile service): 502 Bad Gateway.
void RespondToFailure(http::ResponseWriter& w, const http::Request& r, std::error_code error);

}  // namespace tutorial
