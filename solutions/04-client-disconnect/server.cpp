// Chapter 4, solved: the handler tells "nobody is waiting" from "the store failed".
//
// If the request's context is done, the client hung up (or the server is shutting down): any
// answer would go nowhere, so write nothing. Otherwise someone is waiting and deserves a status
// that says what went wrong: 504 when the store ran out of time, 500 for any other failure.
#include "server.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    const auto data = store.Fetch(r.Context());
    if (data) {
      w.Write(*data);
      return;
    }
    if (r.Context().Err()) return;  // nobody is waiting for an answer
    const bool out_of_time = data.error() == std::errc::timed_out;
    w.WriteHeader(out_of_time ? http::StatusGatewayTimeout : http::StatusInternalServerError);
    w.Write(out_of_time ? "the store took too long\n" : "the store failed\n");
  };
}

}  // namespace tutorial
