// wrong turn [plain]: a handler that asks the store, then answers with the lesson's text instead of
// the data The fetch and the error check are right, but the body is the string the lesson's store
// happens to hold. With any other data in the store the client gets the wrong answer.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    if (!store.Fetch(r.Context())) return;
    w.Write("hello, world");
  };
}

}  // namespace tutorial
