// Chapter 3, solved: hand the request's context to the store and let the store decide when to
// stop. No thread, no lock, no Cancel(): cancellation travels with the context.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (!data) return;  // the request was cancelled: nobody is waiting for an answer
    w.Write(*data);
  };
}

}  // namespace tutorial
