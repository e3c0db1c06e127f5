// right turn: a fetch on the handler's own thread, with a stop callback that cancels the store
// No second thread at all: the handler fetches, and a std::stop_callback registered on the
// request's stop token calls Cancel() the moment the request is cancelled, from the thread that
// cancels it, while Fetch is still running. An atomic flag tells the handler afterwards which
// way it went. Destroying the callback before reading the flag means it can no longer run.
#include "server.h"

#include <atomic>
#include <optional>
#include <stop_token>
#include <string>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    std::atomic<bool> cancelled{false};
    std::string data;
    {
      const std::stop_callback cancel_store(r.Context().Done(), [&] {
        cancelled.store(true);
        store.Cancel();
      });
      data = store.Fetch();
    }  // the callback is unregistered here, waiting for it if it is running
    if (cancelled.load()) return;
    w.Write(data);
  };
}

}  // namespace tutorial
