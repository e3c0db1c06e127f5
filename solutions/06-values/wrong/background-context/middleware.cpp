// wrong turn [plain]: a middleware that puts the trace id into a context made from Background()
// The value arrives, but the request's cancellation and deadline are lost: everything below the
// middleware keeps working for a client that has gone.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = new_trace_id();
    w.Header().Set(kTraceIdHeader, id);
    next(w, r.WithContext(context::WithValue<TraceId>(context::Background(), std::move(id))));
  };
}

}  // namespace tutorial
