// wrong turn [plain]: a middleware that makes the context with the id but passes on the old request
// WithValue returns a new context and leaves r untouched: unless next gets r.WithContext(ctx),
// the id is made and thrown away.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = new_trace_id();
    w.Header().Set(kTraceIdHeader, id);
    const context::Context with_id = context::WithValue<TraceId>(r.Context(), std::move(id));
    (void)with_id;
    next(w, r);
  };
}

}  // namespace tutorial
