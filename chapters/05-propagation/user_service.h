// UserService: the layer between the handler and its two dependencies. Everything it calls gets
// the request's context, or a context derived from it: that is how a hang-up or a deadline at
// the top reaches the SQL statement at the bottom.
//
//   handler ── Get(ctx) ──> UserService ── Get(cache_ctx) ──> Cache
//                                       └─ Get(ctx) ───────> UserStore (SQLite)
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <system_error>

#include "cache.h"
#include "context/context.h"
#include "user_store.h"

namespace tutorial {

class UserService {
 public:
  // The cache is an optimisation: when it cannot answer within `cache_timeout`, ask the store.
  UserService(UserStore& store, Cache& cache,
              std::chrono::milliseconds cache_timeout = std::chrono::milliseconds(20))
      : store_(store), cache_(cache), cache_timeout_(cache_timeout) {}

  // The user with this id (from the cache if it has it), std::nullopt if there is none, or an
  // error: ctx.Err() once ctx is done, or the store's failure.
  std::expected<std::optional<User>, std::error_code> Get(const context::Context& ctx,
                                                          std::int64_t id);

 private:
  std::optional<std::string> FromCache(const context::Context& ctx, const std::string& key);

  UserStore& store_;
  Cache& cache_;
  std::chrono::milliseconds cache_timeout_;
};

}  // namespace tutorial
