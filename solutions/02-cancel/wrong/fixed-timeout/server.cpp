// wrong turn [plain]: a handler that gives the store a fixed 50 ms instead of watching the request
// A timeout guesses how long the client will wait. Here it cancels a fetch whose client is
// still waiting, because the store needs 100 ms; and a client who gives up after 5 ms is
// noticed only 45 ms later.
#include "server.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& /*r*/) {
    std::mutex mutex;
    std::condition_variable fetched;
    std::optional<std::string> data;
    std::jthread fetcher([&] {
      std::string result = store.Fetch();
      {
        std::lock_guard lock(mutex);
        data = std::move(result);
      }
      fetched.notify_one();
    });

    std::unique_lock lock(mutex);
    if (fetched.wait_for(lock, std::chrono::milliseconds(50), [&] { return data.has_value(); })) {
      w.Write(*data);
      return;
    }
    lock.unlock();
    store.Cancel();
  };
}

}  // namespace tutorial
