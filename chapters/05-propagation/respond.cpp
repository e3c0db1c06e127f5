#include "respond.h"

#include <charconv>

#include "http/status.h"

namespace tutorial {

std::optional<std::int64_t> UserIdFromTarget(std::string_view target) {
  constexpr std::string_view kPrefix = "/users/";
  if (!target.starts_with(kPrefix)) return std::nullopt;
  target.remove_prefix(kPrefix.size());
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(target.data(), target.data() + target.size(), id);
  if (error != std::errc{} || end != target.data() + target.size() || id <= 0) return std::nullopt;
  return id;
}

std::string Respond(http::ResponseWriter& w, const context::Context& request_ctx,
                    const std::expected<std::optional<User>, std::error_code>& user) {
  if (user && *user) {
    w.Write((*user)->name + "\n");
    return "200";
  }
  if (user) {
    w.WriteHeader(http::StatusNotFound);
    w.Write("no such user\n");
    return "404";
  }
  if (request_ctx.Err()) return "client gone";  // nobody is waiting for an answer
  if (user.error() == std::errc::timed_out) {
    w.WriteHeader(http::StatusGatewayTimeout);
    w.Write("the database took too long\n");
    return "504";
  }
  w.WriteHeader(http::StatusInternalServerError);
  w.Write("the database failed\n");
  return "500";
}

}  // namespace tutorial
