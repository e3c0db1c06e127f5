// HandlerProbe: a handler that waits for its request to be cancelled, and tells the test what it
// saw (the context's error, its cause, its deadline). Every wait on either side is bounded, so a
// server that never cancels fails the test.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "cancelkit_testing/wait_until_done.h"
#include "context/context.h"
#include "http/handler.h"
#include "spies/watched_state.h"

namespace spies {

class HandlerProbe {
 public:
  // A handler that waits up to `patience` for its context to be done, then answers "hello, world"
  // if it was not. With `patience` short, it stands for a handler whose work takes that long.
  http::HandlerFunc Handler(std::chrono::milliseconds patience = std::chrono::seconds(10)) {
    return [this, patience](http::ResponseWriter& w, const http::Request& r) {
      seen_.Update([&](Seen& seen) {
        seen.method = r.method;
        seen.deadlines.push_back(r.Context().Deadline());
        ++seen.started;
      });
      const bool cancelled = cancelkit_testing::WaitUntilDone(r.Context(), patience);
      seen_.Update([&](Seen& seen) {
        seen.errors.push_back(r.Context().Err());
        seen.causes.push_back(context::Cause(r.Context()));
      });
      if (!cancelled) w.Write("hello, world");
    };
  }

  // Waits until `count` handlers have started; false if that takes longer than `limit`.
  bool WaitForStarted(int count = 1, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    return seen_.WaitUntil(limit, [&](const Seen& seen) { return seen.started >= count; });
  }

  // The context error the n-th finished handler saw when it stopped waiting (empty: it was
  // never cancelled), or nullopt if fewer handlers than that finished within `limit`.
  std::optional<std::error_code> WaitForFinished(
      std::size_t n = 1, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    if (!seen_.WaitUntil(limit, [&](const Seen& seen) { return seen.errors.size() >= n; })) {
      return std::nullopt;
    }
    return seen_.Get([&](const Seen& seen) { return seen.errors[n - 1]; });
  }

  // Why the n-th finished handler's context was cancelled (context::Cause), or nullopt as above.
  std::optional<std::error_code> WaitForCause(
      std::size_t n = 1, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    if (!WaitForFinished(n, limit)) return std::nullopt;
    return seen_.Get([&](const Seen& seen) { return seen.causes[n - 1]; });
  }

  // The deadline of the n-th started handler's context (nullopt: none); call it once
  // WaitForStarted(n) said that handler started.
  std::optional<context::TimePoint> DeadlineSeen(std::size_t n = 1) {
    return seen_.Get([&](const Seen& seen) { return seen.deadlines.at(n - 1); });
  }

  // How many handlers have started so far.
  int Started() {
    return seen_.Get([](const Seen& seen) { return seen.started; });
  }

  std::string MethodSeen() {
    return seen_.Get([](const Seen& seen) { return seen.method; });
  }

 private:
  struct Seen {
    int started = 0;
    std::vector<std::error_code> errors;
    std::vector<std::error_code> causes;
    std::vector<std::optional<context::TimePoint>> deadlines;
    std::string method;
  };
  WatchedState<Seen> seen_;
};

}  // namespace spies
