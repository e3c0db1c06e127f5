// spies::RecordingUserStore: passes every Get to a real UserStore, and lets a test wait for a Get
// to start and to end, and see how it ended. It changes nothing about what the store does.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <mutex>
#include <optional>
#include <system_error>

#include "context/context.h"
#include "user_store.h"

namespace spies {

class RecordingUserStore final : public tutorial::UserStore {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RecordingUserStore(tutorial::UserStore& real) : real_(real) {}

  std::expected<std::optional<tutorial::User>, std::error_code> Get(const context::Context& ctx,
                                                                    std::int64_t id) override {
    {
      const std::scoped_lock lock(mutex_);
      ++started_;
      last_started_at_ = Clock::now();
    }
    changed_.notify_all();
    auto user = real_.Get(ctx, id);
    {
      const std::scoped_lock lock(mutex_);
      ++ended_;
      last_error_ = user ? std::error_code{} : user.error();
      last_ended_at_ = Clock::now();
    }
    changed_.notify_all();
    return user;
  }

  // Whether a Get has started within `limit`. Generous: a correct handler always gets here, and
  // a loaded machine under ThreadSanitizer once took more than 2 s to (the 10 s only delay the
  // verdict on code that never calls Get).
  bool WaitForGetToStart(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [this] { return started_ > 0; });
  }

  // How the first Get ended: an empty error_code if it answered, otherwise its error; nullopt
  // if no Get had ended within `limit`.
  std::optional<std::error_code> WaitForGetToEnd(
      std::chrono::milliseconds limit = std::chrono::seconds(2)) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, limit, [this] { return ended_ > 0; })) return std::nullopt;
    return last_error_;
  }

  // When the last Get returned (for the benchmark of bench/hangup_sql.cpp).
  std::optional<Clock::time_point> LastEndedAt() const {
    const std::scoped_lock lock(mutex_);
    return last_ended_at_;
  }

  // When the last Get began: with LastEndedAt, how long its statement ran.
  std::optional<Clock::time_point> LastStartedAt() const {
    const std::scoped_lock lock(mutex_);
    return last_started_at_;
  }

  int Calls() const {
    const std::scoped_lock lock(mutex_);
    return started_;
  }

  // Forgets earlier calls, so that one store can serve several measured requests.
  void Reset() {
    const std::scoped_lock lock(mutex_);
    started_ = ended_ = 0;
    last_error_.clear();
    last_ended_at_.reset();
    last_started_at_.reset();
  }

 private:
  tutorial::UserStore& real_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int started_ = 0;
  int ended_ = 0;
  std::error_code last_error_;
  std::optional<Clock::time_point> last_ended_at_;
  std::optional<Clock::time_point> last_started_at_;
};

}  // namespace spies
