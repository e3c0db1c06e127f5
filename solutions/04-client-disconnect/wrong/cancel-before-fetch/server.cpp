// wrong turn [plain]: a handler that cancels its derived context before the store is done
// Deriving a context and calling its cancel is right, but only once the work is done: cancelled
// too early, it stops every Fetch at once, and the waiting client gets nothing.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto [ctx, cancel] = context::WithCancel(r.Context());
    cancel();  // "always call cancel": yes, but after the work
    const auto data = store.Fetch(ctx);
    if (data) {
      w.Write(*data);
      return;
    }
    if (r.Context().Err() || ctx.Err()) return;
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
