// wrong turn [plain]: a handler that sends the store's data with a 500 Internal Server Error status
// The body is right, so a test that reads only the body passes; the status tells the client the
// request failed.
#include "server.h"

#include "http/status.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (!data) return;
    w.WriteHeader(http::StatusInternalServerError);
    w.Write(*data);
  };
}

}  // namespace tutorial
