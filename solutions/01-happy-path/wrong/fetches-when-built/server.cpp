// wrong turn [plain]: a handler that fetches once, when it is built, for every request
// Fetching in Server() instead of in the handler looks like a saving, but the answer is frozen
// at the moment the server was built: whatever the store holds later, every request gets the first
// data. A store is asked once per request.
#include "server.h"

#include <string>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [data = store.Fetch()](http::ResponseWriter& w, const http::Request& /*r*/) {
    w.Write(data);
  };
}

}  // namespace tutorial
