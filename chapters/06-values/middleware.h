// WithTraceId: middleware, a handler that wraps another one. Chapter 6's first exercise.
#pragma once

#include <functional>
#include <string>

#include "http/handler.h"
#include "trace.h"

namespace tutorial {

// Calls `next` with a request whose context carries a trace id (context::WithValue<TraceId>):
// the one in the request's X-Trace-Id header, or a new one from `new_trace_id` when there is
// none. The response carries the same id in its X-Trace-Id header. The request's cancellation
// and deadline are kept: the new context derives from r.Context().
http::HandlerFunc WithTraceId(http::HandlerFunc next,
                              std::function<std::string()> new_trace_id = NewTraceId);

}  // namespace tutorial
