// wrong turn [plain]: a handler that keeps the first answer it fetched in a static variable
// A function-local static is initialised once for the whole program, not once per handler or per
// request: every handler built afterwards, whatever its store, answers with the very first data.
#include "server.h"

#include <string>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    static const std::string data = store.Fetch();
    w.Write(data);
  };
}

}  // namespace tutorial
