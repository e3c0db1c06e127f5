// right turn: a handler that runs the fetch with std::async and waits for its future
// The future's get() waits on the handler's thread without any shared flag, and the store still
// receives the request's context, so a hang-up stops it as before. More machinery than the
// solution needs, but correct: the thread ends before the handler returns, and nothing races.
#include "server.h"

#include <future>

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto pending =
        std::async(std::launch::async, [&store, &r] { return store.Fetch(r.Context()); });
    const auto data = pending.get();
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
