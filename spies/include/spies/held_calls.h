// spies::HeldCalls: calls that a test holds, by name, until it lets them go or until their
// context is done, and that tell the test how each one ended. What the HTTP/2 tests need to keep
// several requests in flight on one connection and cancel just one of them.
//
//   spies::HeldCalls calls;
//   calls.Hold(ctx, "b");                           // in the handler or the store: waits
//   calls.WaitForStarted("b");                      // in the test
//   calls.Release("a");                             // "a" returns true: answer it
//   EXPECT_EQ(calls.WaitForEnd("b"), http::ErrStreamReset);   // how b's context ended
//
// Every wait is bounded: a call nobody releases or cancels gives up after its patience (10 s
// unless told otherwise) and is reported as ended with no cause; a test's wait after `limit`.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <system_error>

#include "context/context.h"
#include "spies/watched_state.h"

namespace spies {

class HeldCalls {
 public:
  explicit HeldCalls(std::chrono::milliseconds patience = std::chrono::seconds(10))
      : patience_(patience) {}

  // Records `name` as started and waits until the test releases it (true) or `ctx` is done
  // (false), then records how it ended: no cause when released, else context::Cause(ctx).
  bool Hold(const context::Context& ctx, const std::string& name) {
    state_.Update([&](State& state) { state.started.insert(name); });
    // Wakes the wait below when ctx is done. Stopped before returning, so that it never runs
    // once this call is over (it would touch nothing gone, but a spy should leave nothing behind).
    const context::StopFunc wake =
        context::AfterFunc(ctx, [this] { state_.Update([](State&) {}); });
    const bool released = state_.WaitUntil(patience_, [&](const State& state) {
      return state.released.contains(name) || ctx.Err();
    }) && !ctx.Err();
    wake();
    state_.Update([&](State& state) {
      state.ended[name] = released ? std::error_code{} : context::Cause(ctx);
    });
    return released;
  }

  // Lets the call named `name` return true (now, or as soon as it starts).
  void Release(const std::string& name) {
    state_.Update([&](State& state) { state.released.insert(name); });
  }

  bool WaitForStarted(const std::string& name, std::chrono::milliseconds limit = kWait) {
    return state_.WaitUntil(limit,
                            [&](const State& state) { return state.started.contains(name); });
  }
  // How the call named `name` ended (no cause: released), or nullopt if it has not within
  // `limit`.
  std::optional<std::error_code> WaitForEnd(const std::string& name,
                                            std::chrono::milliseconds limit = kWait) {
    if (!state_.WaitUntil(limit, [&](const State& state) { return state.ended.contains(name); })) {
      return std::nullopt;
    }
    return state_.Get([&](const State& state) { return state.ended.at(name); });
  }
  bool Started(const std::string& name) {
    return state_.Get([&](const State& state) { return state.started.contains(name); });
  }
  bool Ended(const std::string& name) {
    return state_.Get([&](const State& state) { return state.ended.contains(name); });
  }
  std::size_t StartedCount() {
    return state_.Get([](const State& state) { return state.started.size(); });
  }
  // Whether every call started so far has ended within `limit`, and how each ended.
  std::optional<std::map<std::string, std::error_code>> WaitForAllEnded(
      std::chrono::milliseconds limit = kWait) {
    if (!state_.WaitUntil(
            limit, [](const State& state) { return state.ended.size() == state.started.size(); })) {
      return std::nullopt;
    }
    return state_.Get([](const State& state) { return state.ended; });
  }

 private:
  static constexpr std::chrono::milliseconds kWait{5'000};

  struct State {
    std::set<std::string> started;
    std::set<std::string> released;
    std::map<std::string, std::error_code> ended;
  };
  const std::chrono::milliseconds patience_;
  WatchedState<State> state_;
};

}  // namespace spies
