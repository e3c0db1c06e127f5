// wrong turn [plain]: a handler that writes the data once more after it was sent
// Each Write appends to the body: "write it again to be sure" sends the data twice.
#include "server.h"

#include <string>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    const std::string data = store.Fetch();
    w.Write(data);
    if (!data.empty()) w.Write(data);
  };
}

}  // namespace tutorial
