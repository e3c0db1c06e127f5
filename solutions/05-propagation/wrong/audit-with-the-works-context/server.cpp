// wrong turn [plain]: an audit entry recorded with the work's own timeout context
//
// The work's context is not the request's, so it looks independent. But it derives from the
// request's, and cancel() ends it as soon as the lookup is over: by the time the audit worker
// writes, it is done, and the store refuses the entry. Background work needs a context that
// nothing cancels: WithoutCancel(r.Context()).
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
    const auto user = users.Get(ctx, *id);
    cancel();
    const std::string outcome = Respond(w, r.Context(), user);
    audit.Record(ctx, {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
