// wrong turn [race]: a handler that polls a plain bool the fetching thread sets
// One thread writes `done` and `data` while the other reads them, with no lock and no atomic:
// a data race, which C++ makes undefined behaviour. The compiler may keep `done` in a register
// and loop forever, or the handler may see `done` before `data` is complete. The tests pass on
// most runs; ThreadSanitizer reports the race on every one.
#include "server.h"

#include <chrono>
#include <string>
#include <thread>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    std::string data;
    bool done = false;
    std::jthread fetcher([&] {
      data = store.Fetch();
      done = true;
    });

    while (!done) {
      if (r.Context().Err()) {
        store.Cancel();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    w.Write(data);
  };
}

}  // namespace tutorial
