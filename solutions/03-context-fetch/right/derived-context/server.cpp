// right turn: a handler that derives a cancellable context from the request's and passes that to
// Fetch A context derived with WithCancel(r.Context()) is cancelled with the request and carries
// its values, so the store cannot tell it from the request's own; and the handler can cancel it
// itself, as here once the fetch is over, to release what it holds.
#include "server.h"

#include "context/context.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto [ctx, cancel] = context::WithCancel(r.Context());
    const auto data = store.Fetch(ctx);
    cancel();
    if (!data) return;
    w.Write(*data);
  };
}

}  // namespace tutorial
