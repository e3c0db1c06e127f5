// wrong turn [race]: the solution, which no sanitizer rejects
#include "server.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    // Filled by the fetching thread, read by this one: guarded by `mutex`.
    std::mutex mutex;
    std::condition_variable_any fetched;
    std::optional<std::string> data;

    // Declared after what it uses, so it is destroyed first: leaving this scope, by any path,
    // joins the thread before `data`, `fetched` and `mutex` go away.
    std::jthread fetcher([&] {
      std::string result = store.Fetch();
      {
        std::lock_guard lock(mutex);
        data = std::move(result);
      }
      fetched.notify_one();
    });

    // Wakes when the data arrives or when the request's context is done, whichever comes first.
    std::unique_lock lock(mutex);
    if (fetched.wait(lock, r.Context().Done(), [&] { return data.has_value(); })) {
      w.Write(*data);
      return;
    }
    lock.unlock();  // never hold a lock while calling into someone else's code
    store.Cancel();
    // `fetcher` joins here: C++ cannot abandon a running thread, so the handler still waits for
    // Fetch to return. A store that cancels quickly makes this short; chapter 3 removes the wait.
  };
}

}  // namespace tutorial
