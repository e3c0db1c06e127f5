// wrong turn [plain]: a handler that sends the 200 OK status before the store has answered
// Committing to "OK" before knowing the outcome means the cancelled request still gets a
// response, a status line with no body.
#include "server.h"

#include "http/status.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    w.WriteHeader(http::StatusOK);
    const auto data = store.Fetch(r.Context());
    if (!data) return;
    w.Write(*data);
  };
}

}  // namespace tutorial
