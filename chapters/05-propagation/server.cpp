// Chapter 5, the exercise: the handler. See README.md, steps 2 and 3.
//
// It passes the request's context down, so a client that hangs up stops the SQL statement
// (once RunStatement in query.cpp does its part). Two things are still wrong:
//   - no request is ever given up on: a database having a bad day holds every client forever;
//   - the audit entry is recorded with the request's context, and is lost.
#include "server.h"

#include "respond.h"

namespace tutorial {

http::HandlerFunc Server(UserService& users, AuditLog& audit,
                         std::chrono::milliseconds request_timeout) {
  return [&users, &audit, request_timeout](http::ResponseWriter& w, const http::Request& r) {
    (void)request_timeout;  // TODO (step 2): bound the work with it
    const auto id = UserIdFromTarget(r.target);
    if (!id) {
      w.WriteHeader(http::StatusNotFound);
      w.Write("try /users/<id>\n");
      return;
    }
    const auto user = users.Get(r.Context(), *id);
    const std::string outcome = Respond(w, r.Context(), user);
    // TODO (step 3): by the time the worker writes this, r.Context() is done.
    audit.Record(r.Context(), {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
