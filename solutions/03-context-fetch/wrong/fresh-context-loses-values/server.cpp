// wrong turn [plain]: a handler that makes a fresh context, cancelled with the request but without
// its values The new context starts from Background() and is hooked to the request's with
// AfterFunc, so it is cancelled at the right time. But it is not derived from the request's
// context: whatever the request carries (a trace id, the user, a deadline) is lost to the store.
// Derive instead: WithCancel(r.Context()) keeps both.
#include "server.h"

#include "context/context.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto [ctx, cancel] = context::WithCancel(context::Background());
    const context::StopFunc unhook = context::AfterFunc(r.Context(), cancel);
    const auto data = store.Fetch(ctx);
    unhook();
    cancel();
    if (!data) return;
    w.Write(*data);
  };
}

}  // namespace tutorial
