// wrong turn [plain]: a middleware that makes up a new trace id even when the request brings one
// The caller's id is how its logs and ours are joined; replacing it cuts the trace in two.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = new_trace_id();
    w.Header().Set(kTraceIdHeader, id);
    next(w, r.WithContext(context::WithValue<TraceId>(r.Context(), std::move(id))));
  };
}

}  // namespace tutorial
