// spies::ch08::SpyStore: chapter 8's Store, whose fetches a test holds by name (spies::HeldCalls):
// Fetch(ctx, "a") waits until the test releases "a" (then returns "data of a") or until ctx is
// done (then returns ctx.Err()), and the test can ask how each fetch ended.
//
//   store.WaitForStarted("b");
//   EXPECT_EQ(store.WaitForEnd("b"), http::ErrStreamReset);  // b's context, reset by its client
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "spies/held_calls.h"
#include "store.h"

namespace spies::ch08 {

class SpyStore final : public tutorial::Store, public spies::HeldCalls {
 public:
  // A fetch nobody releases or cancels gives up after 4 s: long past any test's wait for it to
  // be cancelled, short enough that a context nothing cancels fails a test instead of hanging it.
  SpyStore() : HeldCalls(std::chrono::seconds(4)) {}

  std::expected<std::string, std::error_code> Fetch(const context::Context& ctx,
                                                    std::string_view name) override {
    if (Hold(ctx, std::string(name))) return "data of " + std::string(name);
    // Cancelled: ctx.Err(), as a store reports it; or out of patience: the store's own timeout.
    return std::unexpected(ctx.Err() ? ctx.Err() : std::make_error_code(std::errc::timed_out));
  }
};

}  // namespace spies::ch08
