// right turn: a middleware that also writes the trace id into the request's header it passes on
// A handler below that calls another service copies the request's headers onto its own request:
// with X-Trace-Id set there too, the id follows without anyone reading the context. The id still
// rides in the context, derived from r.Context(), for the log.
#include "middleware.h"

#include <utility>

namespace tutorial {
namespace {

std::string TraceIdFor(const http::Request& r, const std::function<std::string()>& new_trace_id) {
  std::string id = r.header.Get(kTraceIdHeader);
  return id.empty() ? new_trace_id() : id;
}

}  // namespace

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    const std::string id = TraceIdFor(r, new_trace_id);
    w.Header().Set(kTraceIdHeader, id);
    http::Request traced = r.WithContext(context::WithValue<TraceId>(r.Context(), id));
    traced.header.Set(kTraceIdHeader, id);
    next(w, traced);
  };
}

}  // namespace tutorial
