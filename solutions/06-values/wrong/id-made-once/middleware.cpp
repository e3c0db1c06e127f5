// wrong turn [plain]: a middleware that makes up one trace id when it is built, for every request
// new_trace_id() runs once, when the handler is made, so every request that comes without an id
// shares that one: the log lines of thousands of requests carry the same "unique" id. A test
// whose generator always returns the same id cannot see it; two requests must get two ids.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), made_up = new_trace_id()](http::ResponseWriter& w,
                                                            const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = made_up;
    w.Header().Set(kTraceIdHeader, id);
    next(w, r.WithContext(context::WithValue<TraceId>(r.Context(), std::move(id))));
  };
}

}  // namespace tutorial
