// wrong turn [plain]: a handler that cancels its derived context before the fetch instead of after
// it `cancel` must be called when the work is done, to release the context. Called first (a
// misplaced "defer"), it hands the store a context that is already done: every request fails,
// and nobody gets an answer.
#include "server.h"

#include "context/context.h"

namespace tutorial {

http::HandlerFunc Server(Store& store) {
  return [&store](http::ResponseWriter& w, const http::Request& r) {
    auto [ctx, cancel] = context::WithCancel(r.Context());
    cancel();
    const auto data = store.Fetch(ctx);
    if (!data) return;
    w.Write(*data);
  };
}

}  // namespace tutorial
