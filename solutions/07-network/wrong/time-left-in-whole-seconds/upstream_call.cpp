// wrong turn [plain]: the time left cut to whole seconds before it is sent
//
// duration_cast<std::chrono::seconds> looks like a harmless unit change, and FormatTimeout takes
// the seconds as milliseconds without a word. But 4.9 s left becomes 4 s, and 0.9 s becomes the
// 1 ms minimum: the upstream gives up long before its caller would have.
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
    const auto left =
        std::chrono::duration_cast<std::chrono::seconds>(*deadline - context::Clock::now());
    header.Set(kTimeoutHeader, FormatTimeout(left));
  }
  UpstreamCall call(host, port);
  // Runs on the thread that ends ctx (a hang-up, a deadline), while this one waits in Get().
  const std::stop_callback stop_the_call(ctx.Done(), [&call] { call.Stop(); });
  auto response = call.Get(target, header);
  // A call that failed because ctx ended failed for ctx's reason: the socket's error ("Read")
  // would hide whether the client left or the time ran out.
  if (!response && ctx.Err()) return std::unexpected(ctx.Err());
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
