// right turn: a WithDeadline from the request's arrival, cancelled by a guard as the handler ends
//
// WithTimeout(parent, d) is WithDeadline(parent, now + d); writing the deadline out says when the
// clock started. The cancel is deferred to the end of the handler by a small guard, as Go's
// `defer cancel()` does, instead of being called right after the lookup: the context is released
// a few microseconds later, after the answer is written, and on every path out of the handler.
// Respond still gets r.Context(), and the audit entry WithoutCancel(r.Context()).
#include "server.h"

#include <utility>

#include "respond.h"

namespace tutorial {
namespace {

class CancelWhenDone {
 public:
  explicit CancelWhenDone(context::CancelFunc cancel) : cancel_(std::move(cancel)) {}
  CancelWhenDone(const CancelWhenDone&) = delete;
  CancelWhenDone& operator=(const CancelWhenDone&) = delete;
  ~CancelWhenDone() { cancel_(); }

 private:
  context::CancelFunc cancel_;
};

}  // namespace

http::HandlerFunc Server(UserService& users, AuditLog& audit,
                         std::chrono::milliseconds request_timeout) {
  return [&users, &audit, request_timeout](http::ResponseWriter& w, const http::Request& r) {
    const context::TimePoint give_up_at = context::Clock::now() + request_timeout;
    const auto id = UserIdFromTarget(r.target);
    if (!id) {
      w.WriteHeader(http::StatusNotFound);
      w.Write("try /users/<id>\n");
      return;
    }
    auto [ctx, cancel] = context::WithDeadline(r.Context(), give_up_at);
    const CancelWhenDone release_the_deadline(cancel);
    const auto user = users.Get(ctx, *id);
    const std::string outcome = Respond(w, r.Context(), user);
    audit.Record(context::WithoutCancel(r.Context()),
                 {.request = r.method + " " + r.target, .outcome = outcome});
  };
}

}  // namespace tutorial
