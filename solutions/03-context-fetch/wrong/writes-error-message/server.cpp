// wrong turn [plain]: a handler that writes the store's error message to a cancelled request
// "context canceled" is for the server's log, not for the client, who has gone anyway.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (!data) {
      w.Write(data.error().message());
      return;
    }
    w.Write(*data);
  };
}

}  // namespace tutorial
