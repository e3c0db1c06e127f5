// The chapter's server: GET /orders, for the user named in the X-User-Id header, answers with
// that user's orders, one per line. Every request gets a trace id (WithTraceId, middleware.h).
#pragma once

#include <functional>
#include <string>

#include "http/handler.h"
#include "orders.h"
#include "trace.h"

namespace tutorial {

// The header that says whose orders a request wants (a stand-in for real authentication).
inline constexpr const char* kUserIdHeader = "X-User-Id";

// Keeps a reference to `book`, which must outlive it.
http::HandlerFunc Server(OrderBook& book, std::function<std::string()> new_trace_id = NewTraceId);

}  // namespace tutorial
