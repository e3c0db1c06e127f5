// wrong turn [plain]: a handler that writes an error status even when the client has already gone
// When the request's context is done nobody reads the answer: writing one is wasted work, and a
// log or a metric that counts it reports a failure that never reached anyone.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (data) {
      w.Write(*data);
      return;
    }
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
