// wrong turn [plain]: a handler that sends the store's data with a 500 Internal Server Error status
// The body is right, so a test that reads only the body passes; but the client is told that the
// server failed, and a browser or an HTTP library treats the answer as an error.
#include "server.h"

#include "http/status.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    w.WriteHeader(http::StatusInternalServerError);
    w.Write(store.Fetch());
  };
}

}  // namespace tutorial
