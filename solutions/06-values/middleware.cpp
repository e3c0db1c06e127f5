// Chapter 6, solved (part 1): every request gets a trace id, in its context and its response.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = new_trace_id();
    w.Header().Set(kTraceIdHeader, id);  // before anything is written: headers go first
    // Derived from r.Context(): the value is added, the cancellation is kept.
    next(w, r.WithContext(context::WithValue<TraceId>(r.Context(), std::move(id))));
  };
}

}  // namespace tutorial
