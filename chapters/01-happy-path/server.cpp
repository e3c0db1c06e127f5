// Chapter 1: make Server's handler answer with what the store fetches.
// (See README.md. Remove [[maybe_unused]] once you use `store`.)
#include "server.h"

namespace tutorial {

http::HandlerFunc Server([[maybe_unused]] Store& store) {
  return [](http::ResponseWriter& /*w*/, const http::Request& /*r*/) {
    // TODO: write the store's data to the response.
  };
}

}  // namespace tutorial
