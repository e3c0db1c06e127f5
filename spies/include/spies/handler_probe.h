// HandlerProbe: a handler that waits for its request to be cancelled, and tells the test what it
// saw (the context's error, its cause, its deadline). Every wait on either side is bounded, so a
// server that never cancels fails the test.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "cancelkit_testing/wait_until_done.h"
#include "context/context.h"
#include "http/handler.h"

namespace spies {

class HandlerProbe {
 public:
  // A handler that waits up to `patience` for its context to be done, then answers "hello, world"
  // if it was not. With `patience` short, it stands for a handler whose work takes that long.
  http::HandlerFunc Handler(std::chrono::milliseconds patience = std::chrono::seconds(10)) {
    return [this, patience](http::ResponseWriter& w, const http::Request& r) {
      Record([&] {
        method_seen_ = r.method;
        deadlines_.push_back(r.Context().Deadline());
        ++started_;
      });
      const bool cancelled = cancelkit_testing::WaitUntilDone(r.Context(), patience);
      Record([&] {
        errors_.push_back(r.Context().Err());
        causes_.push_back(context::Cause(r.Context()));
      });
      if (!cancelled) w.Write("hello, world");
    };
  }

  // Waits until `count` handlers have started; false if that takes longer than `limit`.
  bool WaitForStarted(int count = 1, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return started_ >= count; });
  }

  // The context error the n-th finished handler saw when it stopped waiting (empty: it was
  // never cancelled), or nullopt if fewer handlers than that finished within `limit`.
  std::optional<std::error_code> WaitForFinished(
      std::size_t n = 1, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, limit, [&] { return errors_.size() >= n; })) return std::nullopt;
    return errors_[n - 1];
  }

  // Why the n-th finished handler's context was cancelled (context::Cause), or nullopt as above.
  std::optional<std::error_code> WaitForCause(
      std::size_t n = 1, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    if (!WaitForFinished(n, limit)) return std::nullopt;
    const std::scoped_lock lock(mutex_);
    return causes_[n - 1];
  }

  // The deadline of the n-th started handler's context (nullopt: none); call it once
  // WaitForStarted(n) said that handler started.
  std::optional<context::TimePoint> DeadlineSeen(std::size_t n = 1) {
    const std::scoped_lock lock(mutex_);
    return deadlines_.at(n - 1);
  }

  // How many handlers have started so far.
  int Started() {
    const std::scoped_lock lock(mutex_);
    return started_;
  }

  std::string MethodSeen() {
    const std::scoped_lock lock(mutex_);
    return method_seen_;
  }

 private:
  template <class Change>
  void Record(Change change) {
    {
      const std::scoped_lock lock(mutex_);
      change();
    }
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int started_ = 0;
  std::vector<std::error_code> errors_;
  std::vector<std::error_code> causes_;
  std::vector<std::optional<context::TimePoint>> deadlines_;
  std::string method_seen_;
};

}  // namespace spies
