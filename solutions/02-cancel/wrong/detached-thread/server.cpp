// wrong turn [plain]: a handler that detaches the fetching thread and returns as soon as the
// request is cancelled The Go version abandons its goroutine, and this copies it: the state the
// thread shares is kept alive by a shared_ptr, so only the store is left to dangle. But the thread
// still calls into the store after the handler returned, and nothing says the store outlives that:
// whoever owns it is free to destroy it the moment the handler is done. C++ has no garbage
// collector to keep it alive; a thread the handler started must be finished when the handler
// returns.
#include "server.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tutorial {

namespace {

struct Handover {
  std::mutex mutex;
  std::condition_variable_any fetched;
  std::optional<std::string> data;
};

}  // namespace

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto handover = std::make_shared<Handover>();
    std::thread([&store, handover] {
      std::string result = store.Fetch();
      {
        std::lock_guard lock(handover->mutex);
        handover->data = std::move(result);
      }
      handover->fetched.notify_one();
    }).detach();

    std::unique_lock lock(handover->mutex);
    if (handover->fetched.wait(lock, r.Context().Done(),
                               [&] { return handover->data.has_value(); })) {
      w.Write(*handover->data);
      return;
    }
    lock.unlock();
    store.Cancel();
  };
}

}  // namespace tutorial
