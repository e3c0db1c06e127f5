// wrong turn [plain]: a handler that cancels the store from a stop callback and once more after the
// wait Two mechanisms for one job: the stop callback already called Cancel() when the request was
// cancelled, and the code after the wait calls it again. A store whose Cancel() is not
// idempotent (a counter, a log line, a message to another service) sees every cancellation twice.
#include "server.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    std::mutex mutex;
    std::condition_variable_any fetched;
    std::optional<std::string> data;
    std::jthread fetcher([&] {
      std::string result = store.Fetch();
      {
        std::lock_guard lock(mutex);
        data = std::move(result);
      }
      fetched.notify_one();
    });
    const std::stop_callback cancel_store(r.Context().Done(), [&store] { store.Cancel(); });

    std::unique_lock lock(mutex);
    if (fetched.wait(lock, r.Context().Done(), [&] { return data.has_value(); })) {
      w.Write(*data);
      return;
    }
    lock.unlock();
    store.Cancel();
  };
}

}  // namespace tutorial
