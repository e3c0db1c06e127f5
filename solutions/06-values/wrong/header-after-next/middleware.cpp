// wrong turn [plain]: a middleware that sets the X-Trace-Id response header after calling next
// Headers leave with the status, at the next handler's first Write or WriteHeader: a header set
// after that is never sent. It only looks right when the next handler writes nothing.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = new_trace_id();
    next(w, r.WithContext(context::WithValue<TraceId>(r.Context(), id)));
    w.Header().Set(kTraceIdHeader, id);  // too late if next has written
  };
}

}  // namespace tutorial
