// wrong turn [plain]: a handler that explains the failure in the body but never sets a status
// The first Write implies 200 OK: the client, or any program between it and us, sees a success
// whose body happens to say "failed".
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
  };
}

}  // namespace tutorial
