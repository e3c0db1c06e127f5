// wrong turn [plain]: a call stopped for its context that reports the socket's error
//
// The call does stop when the request ends, and the upstream sees its client go. But the caller
// learns only that a read failed ("Read", from cpp-httplib), not why: it cannot tell a client who
// left (answer nothing) from a deadline that passed (answer 504) from an upstream that crashed.
#include "upstream_call.h"

#include <chrono>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "deadline_header.h"

namespace tutorial {

std::expected<UpstreamResponse, std::error_code> GetFromUpstream(const context::Context& ctx,
                                                                 const std::string& host, int port,
                                                                 const std::string& target) {
  if (ctx.Err()) return std::unexpected(ctx.Err());  // nobody waits for the answer: do not ask
  http::Header header;
  if (const std::optional<context::TimePoint> deadline = ctx.Deadline()) {
    // The time left, not the deadline: a time point of our clock means nothing to the upstream's.
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - context::Clock::now());
    header.Set(kTimeoutHeader, FormatTimeout(left));
  }
  UpstreamCall call(host, port);
  // Runs on the thread that ends ctx (a hang-up, a deadline), while this one waits in Get().
  const std::stop_callback stop_the_call(ctx.Done(), [&call] { call.Stop(); });
  auto response = call.Get(target, header);
  return response;
}

http::HandlerFunc WithDeadlineFromHeader(http::HandlerFunc next) {
  return [next = std::move(next)](http::ResponseWriter& w, const http::Request& r) {
    if (!r.header.Has(kTimeoutHeader)) return next(w, r);
    const std::vector<std::string> values = r.header.Values(kTimeoutHeader);
    const std::optional<std::chrono::milliseconds> timeout =
        values.size() == 1 ? ParseTimeout(values.front()) : std::nullopt;
    if (!timeout) {  // a caller that means a deadline we cannot read: say so, do not guess
      w.WriteHeader(http::StatusBadRequest);
      w.Write("malformed Request-Timeout-Ms\n");
      return;
    }
    // From r.Context(): the client's hang-up still cancels, and a nearer deadline still wins.
    auto [ctx, cancel] = context::WithTimeout(r.Context(), *timeout);
    next(w, r.WithContext(ctx));
    cancel();
  };
}

}  // namespace tutorial
