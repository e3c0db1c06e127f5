// Chapter 2: when the request is cancelled before the store is done, tell the store to cancel.
// This is chapter 1's handler; see README.md for what to change.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    w.Write(store.Fetch());
  };
}

}  // namespace tutorial
