// wrong turn [plain]: a handler that takes a Canceled error from the store for a hang-up
// A store can fail with context::Canceled for reasons of its own (its connection pool cancelled
// the query, it was shut down) while the client is still there, waiting. This handler takes that
// error for a hang-up and writes nothing, so the waiting client gets "200 OK" and an empty body.
// Only r.Context() knows whether the client is gone.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (data) {
      w.Write(*data);
      return;
    }
    if (data.error() == context::Canceled) return;  // "cancelled, so the client must be gone"
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
