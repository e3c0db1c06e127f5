// right turn: a std::async fetch, with the handler polling both the future and the request
// std::async runs Fetch on another thread and hands back a future. The handler looks at the
// future every millisecond, and at the request's context in between: whichever is ready first
// decides. The future's destructor waits for the fetch, so nothing outlives the handler. Polling
// costs a wake-up per millisecond and up to a millisecond of delay, which is why the solution
// waits on a condition variable instead; but it is correct.
#include "server.h"

#include <chrono>
#include <future>
#include <string>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    std::future<std::string> data =
        std::async(std::launch::async, [&store] { return store.Fetch(); });
    while (data.wait_for(std::chrono::milliseconds(1)) != std::future_status::ready) {
      if (r.Context().Err()) {
        store.Cancel();
        return;  // ~future waits for the fetch to finish
      }
    }
    w.Write(data.get());
  };
}

}  // namespace tutorial
