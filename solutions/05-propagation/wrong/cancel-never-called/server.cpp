// wrong turn [plain]: a WithTimeout context whose cancel function is never called
//
// Every answer is right. But the work's context stays live after the handler is done with it:
// anything below that kept a copy (a store that started a prefetch with it, a cache client that
// retries) goes on until the request ends or the deadline passes, which may be far away. Go's
// vet calls this a lost cancel. Dropping the last copy frees the timer, but only cancel() tells
// the work that the handler no longer wants it. Call it once the work is done.
#include "server.h"

#include "respond.h"

namespace tutorial {

http::HandlerFunc Server(UserService& users, AuditLog& audit,
                         std::chrono::milliseconds request_timeout) {
  return [&users, &audit, request_timeout](http::ResponseWriter& w, const http::Request& r) {
    const auto id = UserIdFromTarget(r.target);
    if (!id) {
      w.WriteHeader(http::StatusNotFound);
      w.Write("try /users/<id>\n");
      return;
    }
    auto [ctx, cancel] = context::WithTimeout(r.Context(), request_timeout);
    (void)cancel;
    const auto user = users.Get(ctx, *id);
    const std::string outcome = Respond(w, r.Context(), user);
    audit.Record(context::WithoutCancel(r.Context()),
                 {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
