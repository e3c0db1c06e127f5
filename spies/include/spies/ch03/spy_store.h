// spies::SpyStore (chapter 3): a Store that honours the context it is given.
//
// Fetch(ctx) builds its answer one character per 10 ms ("hello, world" takes 120 ms) and stops as
// soon as ctx is done, returning ctx.Err() instead of the text.
#pragma once

#include <atomic>
#include <expected>
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
    auto result = SpellSlowly(ctx, response_);
    if (!result) gave_up_.store(true);
    return result;
  }

  // Whether a Fetch stopped early because its context was done.
  bool GaveUp() const { return gave_up_.load(); }

 private:
  const std::string response_;
  std::atomic<bool> gave_up_{false};
};

}  // namespace spies
