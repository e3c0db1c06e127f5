// wrong turn [plain]: a handler that writes an empty body when the store gives up
// value_or("") turns "the request was cancelled" into an answer: an empty 200 OK. Nobody is
// waiting for it, and to a proxy or a log it looks like a successful request with no data.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    w.Write(data.value_or(""));
  };
}

}  // namespace tutorial
