// The trace id: which request a log line, a database query or an audit entry belongs to. It is
// request-scoped data that *informs* (nobody decides anything from it), so it travels in the
// request's context, under a key of its own type.
#pragma once

#include <string>

#include "context/context.h"

namespace tutorial {

// The key: a type, so no other package can collide with it and ctx.Value<TraceId>() needs no
// cast. Its `type` says what the value is.
struct TraceId {
  using type = std::string;
};

// The header that carries a trace id between services, in requests and in responses.
inline constexpr const char* kTraceIdHeader = "X-Trace-Id";

// A fresh random trace id: 16 hexadecimal digits.
std::string NewTraceId();

// The trace id in `ctx`, or "-" when there is none: for log lines, which must never fail.
std::string TraceIdOf(const context::Context& ctx);

}  // namespace tutorial
