// wrong turn [plain]: a handler that fetches with context::Background() instead of the request's
// context Background() is never cancelled, so the store works on for a client who has gone, and the
// handler writes the whole answer to nobody. The happy path cannot tell: there the two contexts
// behave alike.
#include "server.h"

#include "context/context.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    const auto data = store.Fetch(context::Background());
    if (!data) return;
    w.Write(*data);
  };
}

}  // namespace tutorial
