#include "user_service.h"

#include <string>

namespace tutorial {

std::expected<std::optional<User>, std::error_code> UserService::Get(const context::Context& ctx,
                                                                     std::int64_t id) {
  const std::string key = "user:" + std::to_string(id);
  if (auto name = FromCache(ctx, key)) return User{.id = id, .name = std::move(*name)};
  // The cache gave up; if that is because the request itself is over, so are we.
  if (ctx.Err()) return std::unexpected(ctx.Err());

  auto user = store_.Get(ctx, id);
  if (user && *user) {
    auto [cache_ctx, cancel] = context::WithTimeout(ctx, cache_timeout_);
    (void)cache_.Set(cache_ctx, key, (*user)->name);  // best effort: the answer is what matters
    cancel();
  }
  return user;
}

std::optional<std::string> UserService::FromCache(const context::Context& ctx,
                                                  const std::string& key) {
  // Nested deadlines: the cache gets at most cache_timeout_, and never more than the request
  // has left. WithTimeout keeps whichever deadline is nearer, the parent's or its own.
  auto [cache_ctx, cancel] = context::WithTimeout(ctx, cache_timeout_);
  auto cached = cache_.Get(cache_ctx, key);
  cancel();  // release the timer now rather than when cache_ctx's last copy goes
  if (!cached || !*cached) return std::nullopt;
  return std::move(**cached);
}

}  // namespace tutorial
