// HandlerProbe: a handler that waits for its request to be cancelled, and tells the test what it
// saw. Every wait on either side is bounded, so a server that never cancels fails the test.
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

namespace server_test {

using namespace std::chrono_literals;

using cancelkit_testing::WaitUntilDone;

class HandlerProbe {
 public:
  // A handler that waits up to `patience` for its context to be done, then answers "hello, world"
  // if it was not. With `patience` short, it stands for a handler whose work takes that long.
  http::HandlerFunc Handler(std::chrono::milliseconds patience = 10s) {
    return [this, patience](http::ResponseWriter& w, const http::Request& r) {
      Record([&] {
        method_seen_ = r.method;
        ++started_;
      });
      const bool cancelled = WaitUntilDone(r.Context(), patience);
      Record([&] { errors_.push_back(r.Context().Err()); });
      if (!cancelled) w.Write("hello, world");
    };
  }

  // Waits until `count` handlers have started; false if that takes longer than `limit`.
  bool WaitForStarted(int count = 1, std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return started_ >= count; });
  }

  // The context error the n-th finished handler saw when it stopped waiting (empty: it was
  // never cancelled), or nullopt if fewer handlers than that finished within `limit`.
  std::optional<std::error_code> WaitForFinished(std::size_t n = 1,
                                                 std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, limit, [&] { return errors_.size() >= n; })) return std::nullopt;
    return errors_[n - 1];
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
  std::string method_seen_;
};

}  // namespace server_test
