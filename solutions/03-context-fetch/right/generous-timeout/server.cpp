// right turn: a handler that bounds the fetch with a generous timeout derived from the request's
// context WithTimeout(r.Context(), 2s) is done when the request is cancelled, or after two seconds,
// whichever comes first, and keeps the request's values. A server that must answer within a
// budget does this; the store stops either way.
#include "server.h"

#include <chrono>

#include "context/context.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto [ctx, cancel] = context::WithTimeout(r.Context(), std::chrono::seconds(2));
    const auto data = store.Fetch(ctx);
    cancel();
    if (!data) return;
    w.Write(*data);
  };
}

}  // namespace tutorial
