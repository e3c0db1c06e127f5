// wrong turn [plain]: a handler that cancels the store and still writes the data when it arrives
// Cancel() is called at the right moment, but the handler then waits for the fetch anyway and
// sends its result to a client that has given up: the cancelled request still gets an answer.
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
    {
      std::jthread fetcher([&] {
        std::string result = store.Fetch();
        {
          std::lock_guard lock(mutex);
          data = std::move(result);
        }
        fetched.notify_one();
      });
      std::unique_lock lock(mutex);
      if (!fetched.wait(lock, r.Context().Done(), [&] { return data.has_value(); })) {
        lock.unlock();
        store.Cancel();
      }
    }  // the fetcher is joined here: `data` is set either way
    w.Write(*data);
  };
}

}  // namespace tutorial
