// A cache in front of the store. Real caches live across the network (Redis, memcached), so
// their calls take a context too: a cache that is slow today must not hold the request up.
#pragma once

#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>

#include "context/context.h"

namespace tutorial {

class Cache {
 public:
  virtual ~Cache() = default;
  // The value under `key`, std::nullopt on a miss, or an error (ctx.Err() if ctx was done first).
  virtual std::expected<std::optional<std::string>, std::error_code> Get(
      const context::Context& ctx, const std::string& key) = 0;
  virtual std::expected<void, std::error_code> Set(const context::Context& ctx,
                                                   const std::string& key, std::string value) = 0;
};

// A cache in this process's memory: always fast, so it only checks that ctx is not done yet.
class MemoryCache final : public Cache {
 public:
  std::expected<std::optional<std::string>, std::error_code> Get(const context::Context& ctx,
                                                                 const std::string& key) override;
  std::expected<void, std::error_code> Set(const context::Context& ctx, const std::string& key,
                                           std::string value) override;

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> values_;
};

}  // namespace tutorial
