// wrong turn [plain]: a middleware that starts a fresh context and only links its cancellation
// It copies one property of the request's context by hand (cancelled when the request is) and
// drops the others: the deadline, and every value put in by the middleware before it. Deriving
// from r.Context() keeps them all, with no code.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = new_trace_id();
    w.Header().Set(kTraceIdHeader, id);
    auto [fresh, cancel] = context::WithCancel(context::Background());
    const context::StopFunc unlink = context::AfterFunc(r.Context(), [cancel] { cancel(); });
    next(w, r.WithContext(context::WithValue<TraceId>(fresh, std::move(id))));
    unlink();
    cancel();
  };
}

}  // namespace tutorial
