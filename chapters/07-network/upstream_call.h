// GetFromUpstream and WithDeadlineFromHeader: the two ends of a call from one service to another,
// and the exercise of this half of chapter 7 (upstream_call.cpp).
//
//   client -> front server -- GetFromUpstream --> upstream server -- WithDeadlineFromHeader -->
//
// The request's context crosses the network twice over: its cancellation as a hang-up (the front
// stops its call, the upstream's server sees its client go), its deadline as a header carrying
// the time left (deadline_header.h).
#pragma once

#include <expected>
#include <string>
#include <system_error>

#include "context/context.h"
#include "http/handler.h"
#include "upstream.h"

namespace tutorial {

// Asks the upstream for `target` on behalf of the request whose context is ctx:
//  - ctx already done: returns ctx.Err() and sends nothing;
//  - ctx has a deadline: the request carries Request-Timeout-Ms with the time left;
//  - ctx ends while the call waits: the call is stopped (the upstream sees its client hang
//    up) and returns ctx.Err() (Canceled or DeadlineExceeded), not the socket's error.
std::expected<UpstreamResponse, std::error_code> GetFromUpstream(const context::Context& ctx,
                                                                 const std::string& host, int port,
                                                                 const std::string& target);

// The upstream's side: a middleware that gives the request a deadline from its
// Request-Timeout-Ms (WithTimeout of r.Context(), so the nearer deadline wins and a hang-up
// still cancels), answers 400 to a malformed value, and passes requests without one unchanged.
http::HandlerFunc WithDeadlineFromHeader(http::HandlerFunc next);

}  // namespace tutorial
