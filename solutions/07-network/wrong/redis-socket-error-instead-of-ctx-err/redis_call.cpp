// wrong turn [plain]: returns the socket's error (aborted, timed out) instead of ctx.Err()
#include "redis_call.h"

#include <algorithm>
#include <chrono>
#include <stop_token>

namespace redis {
namespace {

// What the socket's timeout is for this call: what is left until ctx's deadline, rounded up so
// that the socket gives up after the deadline, not before; zero (no limit) without a deadline,
// never a timeout an earlier call left on the connection.
std::chrono::milliseconds TimeoutFor(const context::Context& ctx) {
  const auto deadline = ctx.Deadline();
  if (!deadline) return std::chrono::milliseconds::zero();
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - context::Clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

}  // namespace

std::expected<redis::Reply, std::error_code> Call(const context::Context& ctx,
                                                  redis::Connection& conn,
                                                  const std::vector<std::string>& args) {
  if (ctx.Err()) return std::unexpected(ctx.Err());  // nothing sent: conn is still in step
  conn.SetTimeout(TimeoutFor(ctx));
  std::expected<redis::Reply, std::error_code> reply;
  {
    // Runs at once, on this thread, if ctx is done by now; then Command() sends nothing.
    const std::stop_callback shut_down(ctx.Done(), [&conn]() noexcept { conn.Shutdown(); });
    reply = conn.Command(args);
  }  // the callback is gone: no Shutdown() after this point
  if (reply) return reply;

  conn.MarkBroken();
  return reply;
}

}  // namespace redis
