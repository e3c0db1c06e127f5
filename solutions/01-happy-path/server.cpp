// Chapter 1, solved: the handler answers with what the store fetches.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  // Capture the store by reference: the handler is a view of it, not an owner (see server.h).
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    w.Write(store.Fetch());
  };
}

}  // namespace tutorial
