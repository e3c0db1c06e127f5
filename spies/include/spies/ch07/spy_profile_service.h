// spies::SpyProfileService (chapter 7): the profile service upstream, for tests over real
// sockets. Its handler "works" (waits) for `work`, or until its request's context is done. Having
// worked to the end, it answers "profile of <name>\n"; stopped by its deadline, 504 Gateway
// Timeout (its caller may still be listening); stopped by anything else, nothing. The test can
// wait for the work to start and to end, and learn what the service saw: how much time its
// context had left when the work started (the time the front server passed on), and how and why
// the work ended.
//
//   spies::SpyProfileService profiles(10s);
//   http::Server upstream(tutorial::WithDeadlineFromHeader(profiles.Handler()));
//   ... the front server calls it; the client hangs up ...
//   EXPECT_EQ(profiles.WaitForWorkToEnd()->cause, http::ErrClientGone);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "cancelkit_testing/wait_until_done.h"
#include "context/context.h"
#include "http/handler.h"
#include "http/status.h"
#include "spies/watched_state.h"

namespace spies {

class SpyProfileService {
 public:
  // What one request's work saw.
  struct Work {
    // The time its context had left when the work started; nullopt: no deadline.
    std::optional<std::chrono::milliseconds> time_left;
    std::error_code err;    // ctx.Err() when the work ended: empty if it ran to the end
    std::error_code cause;  // context::Cause(ctx) then
  };

  explicit SpyProfileService(std::chrono::milliseconds work) : work_(work) {}

  // Serves GET /profiles/<name>. It must outlive every server that uses it.
  http::HandlerFunc Handler() {
    return [this](http::ResponseWriter& w, const http::Request& r) {
      const context::Context& ctx = r.Context();
      Work work;
      if (const auto deadline = ctx.Deadline()) {
        work.time_left = std::chrono::duration_cast<std::chrono::milliseconds>(
            *deadline - context::Clock::now());
      }
      state_.Update([](State& state) { ++state.started; });
      cancelkit_testing::WaitUntilDone(ctx, work_);
      work.err = ctx.Err();
      work.cause = context::Cause(ctx);
      state_.Update([&](State& state) { state.ended.push_back(work); });
      if (!work.err) {
        w.Write("profile of " + r.target.substr(r.target.rfind('/') + 1) + "\n");
      } else if (work.cause == context::DeadlineExceeded) {
        // Out of the time its caller gave it; the caller may still be listening.
        w.WriteHeader(http::StatusGatewayTimeout);
        w.Write("out of time\n");
      }
    };
  }

  // How many requests have reached the service so far.
  int Requests() {
    return state_.Get([](const State& state) { return state.started; });
  }

  // Whether a request's work started within `limit`.
  bool WaitForWorkToStart(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    return state_.WaitUntil(limit, [](const State& state) { return state.started > 0; });
  }

  // What the first request's work saw, once it has ended; nullopt if it did not end within
  // `limit`.
  std::optional<Work> WaitForWorkToEnd(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    if (!state_.WaitUntil(limit, [](const State& state) { return !state.ended.empty(); })) {
      return std::nullopt;
    }
    return state_.Get([](const State& state) { return state.ended.front(); });
  }

 private:
  struct State {
    int started = 0;
    std::vector<Work> ended;
  };

  const std::chrono::milliseconds work_;
  WatchedState<State> state_;
};

}  // namespace spies
