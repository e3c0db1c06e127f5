// wrong turn [plain]: a handler that asks the store twice and answers with the second fetch
// The first Fetch is thrown away: twice the work for every request. A stub cannot tell, it
// answers the same every time; a mock that expects one call can.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    if (store.Fetch().empty()) return;  // "check that there is data first"
    w.Write(store.Fetch());
  };
}

}  // namespace tutorial
