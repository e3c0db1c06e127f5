// wrong turn [plain]: a time limit derived from context::Background(), not from the request
//
// The lookup now ends at the deadline, but no longer when the client leaves: the new context
// has no parent to be cancelled with. A client who hangs up leaves its SQL statement running
// until the deadline. Derive it from r.Context(): the nearer of the two ends wins.
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
    auto [ctx, cancel] = context::WithTimeout(context::Background(), request_timeout);
    const auto user = users.Get(ctx, *id);
    cancel();
    const std::string outcome = Respond(w, r.Context(), user);
    audit.Record(context::WithoutCancel(r.Context()),
                 {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
