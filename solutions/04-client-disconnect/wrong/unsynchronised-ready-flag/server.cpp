// wrong turn [race]: a handler that polls a plain bool to learn that its fetch thread is done
// The fetching thread writes the result and `ready`, the handler's thread reads them, and nothing
// orders the two: a data race, which the compiler may also turn into a loop that never ends.
// A std::atomic<bool>, or a mutex with a condition variable, makes the result visible safely.
#include "server.h"

#include <chrono>
#include <optional>
#include <thread>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    std::optional<std::expected<std::string, std::error_code>> result;
    bool ready = false;  // shared between two threads with no synchronisation
    std::jthread fetching([&] {
      result = store.Fetch(r.Context());
      ready = true;
    });
    while (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto& data = *result;
    if (data) {
      w.Write(*data);
      return;
    }
    if (r.Context().Err()) return;
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
