// wrong turn [plain]: a time limit written into the handler instead of request_timeout
//
// 300 ms is the limit the server tests happen to use, so they pass. But the limit is the
// caller's to choose (Server's parameter): the real server, or a test with another limit, gets
// 300 ms all the same. A limit is a parameter; a test that tries two of them finds the constant.
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
    (void)request_timeout;
    auto [ctx, cancel] = context::WithTimeout(r.Context(), std::chrono::milliseconds(300));
    const auto user = users.Get(ctx, *id);
    cancel();
    const std::string outcome = Respond(w, r.Context(), user);
    audit.Record(context::WithoutCancel(r.Context()),
                 {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
