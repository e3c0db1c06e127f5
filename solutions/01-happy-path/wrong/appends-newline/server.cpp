// wrong turn [plain]: a handler that adds a newline to the store's data
// A habit from printing to a terminal: the client receives one byte more than the store holds.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    w.Write(store.Fetch() + "\n");
  };
}

}  // namespace tutorial
