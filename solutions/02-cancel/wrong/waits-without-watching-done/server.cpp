// wrong turn [plain]: a handler that waits for the fetch to end and only then looks at the request
// The wait does not watch r.Context().Done(), so the handler notices the cancelled request only
// after the store has finished its 100 ms of work. Cancel() then arrives when there is nothing
// left to cancel: the store was told, but too late for it to save anything.
#include "server.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
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
    fetched.wait(lock, [&] { return data.has_value(); });
    lock.unlock();
    if (r.Context().Err()) {
      store.Cancel();
      return;
    }
    w.Write(*data);
  };
}

}  // namespace tutorial
