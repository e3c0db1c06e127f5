// right turn: a handler that maps a store's failure to a status in a function of its own
// The refactoring the lesson suggests: the handler asks the request's context (here through
// Done(), the same question as Err()) whether anyone is waiting, and one small function knows
// which status each failure deserves, ready for a 503 or a 429 tomorrow.
#include "server.h"

#include <string_view>

namespace tutorial {
namespace {

struct Failure {
  int status;
  std::string_view message;
};

Failure FailureFor(std::error_code error) {
  if (error == std::errc::timed_out)
    return {http::StatusGatewayTimeout, "the store took too long\n"};
  return {http::StatusInternalServerError, "the store failed\n"};
}

}  // namespace

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (data) {
      w.Write(*data);
    } else if (!r.Context().Done().stop_requested()) {
      const Failure failure = FailureFor(data.error());
      w.WriteHeader(failure.status);
      w.Write(failure.message);
    }
  };
}

}  // namespace tutorial
