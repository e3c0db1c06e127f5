// wrong turn [plain]: a handler that watches the request like chapter 2 but fetches with
// context::Background() The handler stops waiting when the request is cancelled and writes nothing,
// so the client sees the right behaviour. But the store got a context nobody cancels: it spells its
// whole answer for nobody, and the handler, which must join its thread, waits for it. This is
// chapter 2's design with chapter 3's store, and it throws away what passing the context buys.
#include "server.h"

#include <condition_variable>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "context/context.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    std::mutex mutex;
    std::condition_variable_any fetched;
    std::optional<std::expected<std::string, std::error_code>> data;
    std::jthread fetcher([&] {
      auto result = store.Fetch(context::Background());
      {
        std::lock_guard lock(mutex);
        data = std::move(result);
      }
      fetched.notify_one();
    });

    std::unique_lock lock(mutex);
    if (!fetched.wait(lock, r.Context().Done(), [&] { return data.has_value(); })) return;
    if (*data) w.Write(**data);
  };
}

}  // namespace tutorial
