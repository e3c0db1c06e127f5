// wrong turn [plain]: a handler that answers 504 only for the context's own deadline error
// A store runs out of time in more ways than through a context: its database driver or socket
// gives up with std::errc::timed_out. Comparing with context::DeadlineExceeded exactly misses
// those and answers 500; comparing with the portable condition std::errc::timed_out catches both.
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
    const bool out_of_time = data.error() == context::DeadlineExceeded;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
