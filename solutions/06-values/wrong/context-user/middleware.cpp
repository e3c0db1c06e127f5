// wrong turn [plain]: a user that the middleware puts in the context, preferred to the parameter
// With orders.cpp of this turn, Orders answers for the user it finds in the context and treats
// its parameter as a fallback. Every call that passes the request's context is then answered for
// the user of the header, whatever user it asks about: a support agent's look at someone else's
// orders shows the agent's own. Whatever decides the answer is a parameter, and only that.
#include "middleware.h"

#include <charconv>
#include <string_view>
#include <utility>

#include "orders.h"

namespace tutorial {

struct CurrentUser {
  using type = UserId;
};

namespace {

context::Context WithHeaderUser(const context::Context& ctx, std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return ctx;
  return context::WithValue<CurrentUser>(ctx, UserId{value});
}

}  // namespace

http::HandlerFunc WithTraceId(http::HandlerFunc next, std::function<std::string()> new_trace_id) {
  return [next = std::move(next), new_trace_id = std::move(new_trace_id)](http::ResponseWriter& w,
                                                                          const http::Request& r) {
    std::string id = r.header.Get(kTraceIdHeader);
    if (id.empty()) id = new_trace_id();
    w.Header().Set(kTraceIdHeader, id);
    const context::Context with_user = WithHeaderUser(r.Context(), r.header.Get("X-User-Id"));
    next(w, r.WithContext(context::WithValue<TraceId>(with_user, std::move(id))));
  };
}

}  // namespace tutorial
