// wrong turn [plain]: an audit entry recorded with context::Background()
//
// The entry survives the request, as it must, but it no longer carries anything the request's
// context carried: a trace id or a request id that would tie the audit line to the request's
// logs is gone. context::WithoutCancel(r.Context()) keeps the values and drops only the
// cancellation and the deadline.
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
    audit.Record(context::Background(), {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
