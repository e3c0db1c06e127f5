// wrong turn [plain]: a handler that answers the first request and sends empty bodies afterwards
// A `mutable` flag in the lambda is state shared by every request the handler serves. A test
// that sends one request cannot see the difference; the second client gets nothing.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store, answered = false](http::ResponseWriter& w, const http::Request& /*r*/) mutable {
    if (answered) return;
    answered = true;
    w.Write(store.Fetch());
  };
}

}  // namespace tutorial
