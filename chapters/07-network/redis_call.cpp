// Chapter 7, the exercise: a Redis call that stops waiting when its context is done.
//
// This version ignores the context: a BLPOP on an empty queue waits forever, for a client who
// left long ago, and a deadline changes nothing. See README.md.
#include "redis_call.h"

namespace redis {

std::expected<redis::Reply, std::error_code> Call(const context::Context& ctx,
                                                  redis::Connection& conn,
                                                  const std::vector<std::string>& args) {
  (void)ctx;  // TODO: return ctx.Err() when ctx is done, before sending and while waiting;
              // its deadline is the connection's timeout (SetTimeout); a cancel shuts the
              // socket down (Shutdown); a connection left without its reply is MarkBroken.
  return conn.Command(args);
}

}  // namespace redis
