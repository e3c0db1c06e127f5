// right turn: a handler that runs the fetch on a std::jthread with the request's context and joins
// it A thread is not needed any more, but it does no harm: the store gets the request's context, so
// it stops by itself when the client gives up, and the join waits only as long as the store
// takes to notice. The join is also what makes reading `data` afterwards safe.
#include "server.h"

#include <expected>
#include <string>
#include <system_error>
#include <thread>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    std::expected<std::string, std::error_code> data;
    {
      const std::jthread fetcher([&] { data = store.Fetch(r.Context()); });
    }  // joined: the store has returned
    if (!data) return;
    w.Write(*data);
  };
}

}  // namespace tutorial
