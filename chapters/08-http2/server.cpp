#include "server.h"

#include <string_view>

#include "http/status.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const std::string_view name = std::string_view(r.target).substr(1);  // "/a" asks for "a"
    const auto data = store.Fetch(r.Context(), name);
    if (data) {
      w.Write(*data);
      return;
    }
    if (r.Context().Err()) return;  // nobody is waiting for an answer
    w.WriteHeader(http::StatusInternalServerError);
    w.Write("the store failed\n");
  };
}

}  // namespace tutorial
