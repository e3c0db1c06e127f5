// wrong turn [plain]: a handler that always calls Cancel() after it has written the data
// "Cancel to be safe" tells the store to abandon work on every request, including those that
// succeeded. A store that counts or logs cancellations, or tears down a connection for them,
// now does so for every happy client.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    w.Write(store.Fetch());
    store.Cancel();
  };
}

}  // namespace tutorial
