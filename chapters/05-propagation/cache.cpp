#include "cache.h"

#include <utility>

namespace tutorial {

std::expected<std::optional<std::string>, std::error_code> MemoryCache::Get(
    const context::Context& ctx, const std::string& key) {
  if (ctx.Err()) return std::unexpected(ctx.Err());
  const std::scoped_lock lock(mutex_);
  const auto found = values_.find(key);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

std::expected<void, std::error_code> MemoryCache::Set(const context::Context& ctx,
                                                      const std::string& key, std::string value) {
  if (ctx.Err()) return std::unexpected(ctx.Err());
  const std::scoped_lock lock(mutex_);
  values_.insert_or_assign(key, std::move(value));
  return {};
}

}  // namespace tutorial
