// wrong turn [plain]: Respond given the work's context instead of the request's
//
// Respond decides "nobody is waiting, write nothing" from the context it is given. The work's
// context is done at the deadline too (and once cancel() is called), while the client is still
// there, waiting for its 504: it gets nothing at all. Only r.Context() says the client left.
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
    const std::string outcome = Respond(w, ctx, user);
    cancel();
    audit.Record(context::WithoutCancel(r.Context()),
                 {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
