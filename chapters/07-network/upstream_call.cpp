// Chapter 7, the upstream exercise: a call to another service that the request's context stops.
//
// This version ignores the context on both sides. The front asks the upstream and waits for its
// answer whatever happens to the request: a client who hung up long ago still has an upstream
// working for them. And the upstream never learns how long its caller will wait.
#include "upstream_call.h"

#include "deadline_header.h"

namespace tutorial {

std::expected<UpstreamResponse, std::error_code> GetFromUpstream(const context::Context& ctx,
                                                                 const std::string& host, int port,
                                                                 const std::string& target) {
  (void)ctx;  // TODO: nothing to send if ctx is already done;
              //       the time left on its deadline goes in the kTimeoutHeader field;
              //       and when ctx ends during the call, Stop() it and say why (ctx.Err()).
  UpstreamCall call(host, port);
  return call.Get(target, http::Header{});
}

http::HandlerFunc WithDeadlineFromHeader(http::HandlerFunc next) {
  // TODO: a request with a kTimeoutHeader field gets a context that ends when that time is up
  //       (ParseTimeout reads it; a value it cannot read is the client's mistake: 400).
  return next;
}

}  // namespace tutorial
