// wrong turn [plain]: a handler that takes the lock before it starts the fetching thread, and
// returns holding it Locals are destroyed in reverse order: the jthread, declared after the lock,
// is joined while the lock is still held. The fetching thread needs that lock to hand its data
// over, so the join waits for a thread that waits for the lock: a deadlock, on the cancel path,
// where nothing released the lock before the handler returned.
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
    std::condition_variable_any fetched;
    std::optional<std::string> data;
    std::unique_lock lock(mutex);

    std::jthread fetcher([&] {
      std::string result = store.Fetch();
      {
        std::lock_guard guard(mutex);
        data = std::move(result);
      }
      fetched.notify_one();
    });

    if (fetched.wait(lock, r.Context().Done(), [&] { return data.has_value(); })) {
      w.Write(*data);
      return;
    }
    store.Cancel();
  };
}

}  // namespace tutorial
