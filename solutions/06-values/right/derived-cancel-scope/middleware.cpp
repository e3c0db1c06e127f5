// right turn: a middleware that derives a cancellable context for next and cancels it afterwards
// As Go's server does for every request: the context next receives is derived from r.Context()
// (so it carries the request's values, deadline and cancellation, plus the trace id), and the
// middleware cancels it when next returns, so nothing started below can keep it alive for long.
// A test that compared it with the request's context object would reject this; the chapter's
// tests check what it carries and when it ends.
#include "middleware.h"

#include <utility>

namespace tutorial {

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = new_trace_id();
    w.Header().Set(kTraceIdHeader, id);
    auto [scope, cancel] = context::WithCancel(r.Context());
    next(w, r.WithContext(context::WithValue<TraceId>(scope, std::move(id))));
    cancel();
  };
}

}  // namespace tutorial
