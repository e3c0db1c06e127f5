// wrong turn [plain]: a handler that cancels the store before it fetches
// The smallest change that gets the store told to cancel: it tells the store to stop on every
// request, including the ones whose client is still waiting for the data.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    store.Cancel();
    w.Write(store.Fetch());
  };
}

}  // namespace tutorial
