// wrong turn [plain]: a handler that answers with the lesson's text, not the store's data
// The lesson's store says "hello, world", so writing that string makes a test pass whose stub
// happens to hold the same text. The handler never asks the store: give it any other data and
// the client still gets "hello, world".
#include "server.h"

namespace tutorial {

http::HandlerFunc Server([[maybe_unused]] Store& store) {
  return [](http::ResponseWriter& w, const http::Request& /*r*/) {
    w.Write("hello, world");
  };
}

}  // namespace tutorial
