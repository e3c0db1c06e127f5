// wrong turn [plain]: a handler that writes the message first and sets the status after it
// The status line goes before the body: the first Write already chose 200 OK, and a WriteHeader
// after it changes nothing (Go logs "superfluous WriteHeader call").
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (data) {
      w.Write(*data);
      return;
    }
    if (r.Context().Err()) return;
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
  };
}

}  // namespace tutorial
