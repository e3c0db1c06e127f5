// wrong turn [asan]: a handler that detaches its fetching thread instead of waiting for it
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

    // Detached so that a cancelled request need not wait for Fetch to return. But the thread
    // still refers to `mutex`, `fetched` and `data`, which die when this handler returns.
    std::thread([&] {
      std::string result = store.Fetch();
      {
        std::lock_guard lock(mutex);
        data = std::move(result);
      }
      fetched.notify_one();
    }).detach();

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
