// wrong turn [plain]: a handler that writes the text it expects, not what the store fetched
// It waits for the store, so hang-ups still cancel it, but it throws the data away and writes
// the words it has seen in the tests. Only a store that fetches something else can tell.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (data) {
      w.Write("hello, world");
      return;
    }
    if (r.Context().Err()) return;
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
