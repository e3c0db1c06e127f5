// spies::MockStore (chapter 2): the chapter's Store as a GoogleMock mock, and spies::SlowFetch,
// the action that makes its Fetch slow, knows whether it is still running, and can be cut short.
//
//   spies::MockStore store;
//   spies::SlowFetch slow_fetch(100ms, "hello, world");  // after `store`: destroyed before it
//   EXPECT_CALL(store, Fetch()).WillOnce(slow_fetch.Action());
//   EXPECT_CALL(store, Cancel()).Times(0);   // checked when `store` goes out of scope
#pragma once

#include <gmock/gmock.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <utility>

#include "store.h"

namespace spies {

class MockStore : public tutorial::Store {
 public:
  MOCK_METHOD(std::string, Fetch, (), (override));
  MOCK_METHOD(void, Cancel, (), (override));
};

// A Fetch action for the mock: it takes `delay` (the slow work) and returns `response`, unless
// Interrupt() ends it sooner, as a store whose Cancel() works would. IsRunning() says whether a
// call is under way. Declare it after the mock: its destructor waits for a call a handler left
// running, so that the test fails (see IsRunning) instead of the program.
class SlowFetch {
 public:
  SlowFetch(std::chrono::milliseconds delay, std::string response)
      : delay_(delay), response_(std::move(response)) {}
  SlowFetch(const SlowFetch&) = delete;
  SlowFetch& operator=(const SlowFetch&) = delete;
  ~SlowFetch() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return running_ == 0; });
  }

  std::function<std::string()> Action() {
    return [this] {
      std::unique_lock lock(mutex_);
      ++running_;
      // The slow work, cut short by Interrupt(): a timed wait, not a way to wait for a thread.
      changed_.wait_for(lock, delay_, [this] { return interrupted_; });
      std::string result = response_;  // copied while `this` surely lives
      --running_;
      lock.unlock();
      changed_.notify_all();
      return result;
    };
  }

  void Interrupt() {
    {
      std::lock_guard lock(mutex_);
      interrupted_ = true;
    }
    changed_.notify_all();
  }

  bool IsRunning() const {
    std::lock_guard lock(mutex_);
    return running_ > 0;
  }

 private:
  const std::chrono::milliseconds delay_;
  const std::string response_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int running_ = 0;
  bool interrupted_ = false;
};

}  // namespace spies
