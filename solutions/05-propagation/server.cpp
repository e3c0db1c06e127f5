// Chapter 5, solved: the handler bounds the request's work, and audits it in the background.
//
//  - The work gets a context derived from the request's with WithTimeout: it stops when the
//    client leaves *or* when request_timeout has passed, whichever comes first. Respond() is
//    still given r.Context(), which tells "the client left" (write nothing) from "we ran out of
//    time" (504).
//  - The audit entry outlives the request, so it must not carry the request's cancellation:
//    WithoutCancel keeps the request's values (a trace id...) and drops its Done() and deadline.
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
    cancel();  // the work is over: release the deadline's timer now
    const std::string outcome = Respond(w, r.Context(), user);
    audit.Record(context::WithoutCancel(r.Context()),
                 {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
