// right turn: a handler that gives the store a context derived from the request's, and cancels it
// A context derived with WithCancel(r.Context()) is cancelled with the request, so the store still
// stops when the client hangs up; the handler's own cancel() releases it once the work is done.
// The tests check that the store's context ends with the request, not that it is the same object.
#include "server.h"

#include <utility>

namespace tutorial {
namespace {

// Calls a context's cancel function when the scope ends, on every path out.
class CancelAtEnd {
 public:
  explicit CancelAtEnd(context::CancelFunc cancel) : cancel_(std::move(cancel)) {}
  CancelAtEnd(const CancelAtEnd&) = delete;
  CancelAtEnd& operator=(const CancelAtEnd&) = delete;
  ~CancelAtEnd() { cancel_(); }

 private:
  context::CancelFunc cancel_;
};

}  // namespace

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto [ctx, cancel] = context::WithCancel(r.Context());
    const CancelAtEnd release(cancel);
    const auto data = store.Fetch(ctx);
    if (data) {
      w.Write(*data);
      return;
    }
    // Not cancelled by us yet, so a done ctx means the request's context is done.
    if (ctx.Err()) return;
    if (data.error() == std::errc::timed_out) {
      w.WriteHeader(http::StatusGatewayTimeout);
      w.Write("the store took too long\n");
      return;
    }
    w.WriteHeader(http::StatusInternalServerError);
    w.Write("the store failed\n");
  };
}

}  // namespace tutorial
