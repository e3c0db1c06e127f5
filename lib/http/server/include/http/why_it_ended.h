// http::WhyItEnded: why a request's context ended, in a few words for a log line: "answered"
// (nothing cancelled it), "client gone", "stream reset", "server shutting down", "deadline
// exceeded", or "cancelled (<the cause's message>)". The demos log it for every request.
//
// It reads context::Cause, the one place that knows: Err() only says "canceled" or "deadline
// exceeded", while the servers record a hang-up, a reset or a shutdown as the cause.
#pragma once

#include <string>

#include "context/context.h"

namespace http {

std::string WhyItEnded(const context::Context& ctx);

}  // namespace http
