// wrong turn [plain]: a handler that fetches with context::Background(), not the request's
// Background() is never cancelled: when the client hangs up or the server shuts down, the store
// keeps spelling its answer for nobody. The request's context is the only one that knows.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(context::Background());
    if (data) {
      w.Write(*data);
      return;
    }
    if (r.Context().Err()) return;
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
