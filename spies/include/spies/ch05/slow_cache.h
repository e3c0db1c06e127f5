// spies::SlowCache: a cache having a bad day. Every Get takes `delay` and then misses, unless
// its context is done first; it remembers the deadline it was given and how the last Get ended.
#pragma once

#include <chrono>
#include <condition_variable>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>

#include "cache.h"
#include "context/context.h"

namespace spies {

class SlowCache final : public tutorial::Cache {
 public:
  explicit SlowCache(std::chrono::milliseconds delay) : delay_(delay) {}

  std::expected<std::optional<std::string>, std::error_code> Get(const context::Context& ctx,
                                                                 const std::string&) override {
    std::unique_lock lock(mutex_);
    deadline_seen_ = ctx.Deadline();
    // The spy's own slowness: a wait that only the context can cut short.
    nobody_notifies_.wait_for(lock, ctx.Done(), delay_, [] { return false; });
    error_seen_ = ctx.Err();
    if (error_seen_) return std::unexpected(error_seen_);
    return std::nullopt;
  }

  std::expected<void, std::error_code> Set(const context::Context& ctx, const std::string&,
                                           std::string) override {
    if (ctx.Err()) return std::unexpected(ctx.Err());
    return {};
  }

  // The deadline of the last Get's context (nullopt if it had none, or no Get happened).
  std::optional<context::TimePoint> DeadlineSeen() const {
    const std::scoped_lock lock(mutex_);
    return deadline_seen_;
  }
  // How the last Get ended: empty if it waited its full delay.
  std::error_code ErrorSeen() const {
    const std::scoped_lock lock(mutex_);
    return error_seen_;
  }

 private:
  const std::chrono::milliseconds delay_;
  mutable std::mutex mutex_;
  std::condition_variable_any nobody_notifies_;
  std::optional<context::TimePoint> deadline_seen_;
  std::error_code error_seen_;
};

}  // namespace spies
