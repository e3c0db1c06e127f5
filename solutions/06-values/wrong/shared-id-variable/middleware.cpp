// wrong turn [race]: a middleware that keeps the current request's id in one variable for all
// The handler runs on many threads at once, one per request, and they all write and read this one
// string: a data race, and a log line may carry another request's id. Request-scoped data lives
// in the request (its context), never in the handler.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id), current = std::string()](
             http::ResponseWriter& w, const http::Request& r) mutable {
    current = r.header.Get(kTraceIdHeader);
    if (current.empty()) current = new_trace_id();
    w.Header().Set(kTraceIdHeader, current);
    next(w, r.WithContext(context::WithValue<TraceId>(r.Context(), current)));
  };
}

}  // namespace tutorial
