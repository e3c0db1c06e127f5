// spies::SpyStore (chapter 3): a Store that honours the context it is given.
//
// Fetch(ctx) builds its answer one character per 10 ms ("hello, world" takes 120 ms) and stops as
// soon as ctx is done, returning ctx.Err() instead of the text. It remembers whether it stopped
// early, and the last context it was given (to check its values with spies::CarriesValue).
#pragma once

#include <gtest/gtest.h>

#include <expected>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>

#include "context/context.h"
#include "spies/spell_slowly.h"
#include "store.h"

namespace spies {

class SpyStore final : public tutorial::Store {
 public:
  explicit SpyStore(std::string response) : response_(std::move(response)) {}

  std::expected<std::string, std::error_code> Fetch(const context::Context& ctx) override {
    {
      std::lock_guard lock(mutex_);
      last_context_ = ctx;
    }
    auto result = SpellSlowly(ctx, response_);
    std::lock_guard lock(mutex_);
    (result ? finished_ : gave_up_) = true;
    return result;
  }

  // For EXPECT_TRUE(store.GaveUp()): whether a Fetch stopped early because its context was done.
  ::testing::AssertionResult GaveUp() const {
    std::lock_guard lock(mutex_);
    if (gave_up_)
      return ::testing::AssertionSuccess() << "the store stopped when its context was done";
    if (finished_) {
      return ::testing::AssertionFailure()
             << "the store spelled its whole answer: the context it was given was not cancelled "
                "with the request";
    }
    return ::testing::AssertionFailure() << "the store's Fetch was never called";
  }

  // The context of the last Fetch (Background() before any), for EXPECT_THAT(..., CarriesValue).
  context::Context LastContext() const {
    std::lock_guard lock(mutex_);
    return last_context_;
  }

 private:
  const std::string response_;
  mutable std::mutex mutex_;  // a handler may fetch on a thread of its own
  context::Context last_context_;
  bool gave_up_ = false;
  bool finished_ = false;
};

}  // namespace spies
