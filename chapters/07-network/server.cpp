// The chapter's front server (read it; the calls it makes are yours: redis_call.cpp,
// upstream_call.cpp and respond.cpp).
#include "server.h"

#include <algorithm>
#include <expected>
#include <system_error>
#include <utility>

#include "context/context.h"
#include "http/status.h"
#include "redis_call.h"
#include "respond.h"
#include "upstream_call.h"

namespace tutorial {

namespace {

constexpr std::size_t kMaxNameLength = 64;

// The profile, from the cache or else from upstream. Every call gets `ctx`: when it ends, the
// call that is waiting stops, and the error says why.
std::expected<std::string, std::error_code> LoadProfile(const context::Context& ctx,
                                                        const Backends& backends,
                                                        const std::string& name) {
  auto connection = backends.cache.Get();
  if (!connection) return std::unexpected(connection.error());
  const std::string key = CacheKey(name);
  const auto cached = Call(ctx, **connection, {"GET", key});
  if (!cached) return std::unexpected(cached.error());
  if (cached->kind == redis::Reply::Kind::kString) return cached->text;

  const auto fresh =
      GetFromUpstream(ctx, backends.upstream_host, backends.upstream_port, "/profiles/" + name);
  if (!fresh) return std::unexpected(fresh.error());
  // The service ran out of the time we passed on to it, which was all the time we had.
  if (fresh->status == http::StatusGatewayTimeout)
    return std::unexpected(context::DeadlineExceeded);
  if (fresh->status != http::StatusOK)
    return std::unexpected(std::make_error_code(std::errc::bad_message));
  // Best effort: if this fails (say the client has just left), the next request asks upstream.
  (void)Call(ctx, **connection,
             {"SET", key, fresh->body, "EX", std::to_string(kCacheLifetime.count())});
  return fresh->body;
}

}  // namespace

std::optional<std::string> ProfileNameFromTarget(std::string_view target) {
  constexpr std::string_view kPrefix = "/profiles/";
  if (!target.starts_with(kPrefix)) return std::nullopt;
  target.remove_prefix(kPrefix.size());
  const bool valid =
      !target.empty() && target.size() <= kMaxNameLength && std::ranges::all_of(target, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
  if (!valid) return std::nullopt;
  return std::string(target);
}

std::string CacheKey(std::string_view name) {
  return "profile:" + std::string(name);
}

http::HandlerFunc Server(Backends backends, std::chrono::milliseconds request_timeout) {
  return [backends = std::move(backends), request_timeout](http::ResponseWriter& w,
                                                           const http::Request& r) {
    const auto name = ProfileNameFromTarget(r.target);
    if (!name) {
      w.WriteHeader(http::StatusNotFound);
      w.Write("try /profiles/<name>\n");
      return;
    }
    auto [ctx, cancel] = context::WithTimeout(r.Context(), request_timeout);
    const auto profile = LoadProfile(ctx, backends, *name);
    cancel();
    if (!profile) {
      RespondToFailure(w, r, profile.error());
      return;
    }
    w.Write(*profile);
  };
}

}  // namespace tutorial
