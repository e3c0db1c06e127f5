// spies::SpyStore (chapter 2): a slow Store that remembers whether it was told to cancel.
//
// Fetch() takes 100 ms and cannot be interrupted, like a store with nothing to stop it; Cancel()
// only raises a flag. It also knows whether a Fetch is running: one still running when the
// handler has returned was left behind on a thread nobody waits for.
//
//   spies::SpyStore store("hello, world");
//   ...
//   EXPECT_TRUE(store.CancelWasCalled());
//   EXPECT_TRUE(store.NoFetchIsRunning());  // a failure is reported at this line, in words
//
// The learner writes the cancel checks that read as sentences (chapters/02-cancel/
// my_server_test.cpp): this spy answers the question, the learner's helpers say it in words.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "store.h"

namespace spies {

class SpyStore final : public tutorial::Store {
 public:
  static constexpr std::chrono::milliseconds kFetchTime{100};

  explicit SpyStore(std::string response) : response_(std::move(response)) {}
  SpyStore(const SpyStore&) = delete;
  SpyStore& operator=(const SpyStore&) = delete;

  // A handler that left its Fetch running still has a thread inside this object: wait for it to
  // leave before the object goes away (at most kFetchTime), so that the test fails instead of
  // the program. NoFetchIsRunning() is the check that reports it.
  ~SpyStore() override {
    std::unique_lock lock(mutex_);
    fetch_returned_.wait(lock, [this] { return fetches_running_ == 0; });
  }

  std::string Fetch() override {
    {
      std::lock_guard lock(mutex_);
      ++fetches_running_;
    }
    // The slow work this spy stands for. Sleeping is its whole job here, not a way to wait for
    // another thread: the point is that Fetch takes long and ignores Cancel().
    std::this_thread::sleep_for(kFetchTime);
    std::string result = response_;
    std::lock_guard lock(mutex_);
    --fetches_running_;
    fetch_returned_.notify_all();  // under the lock: the destructor may be waiting to free it
    return result;
  }

  void Cancel() override {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }

  // Whether Cancel() has been called, from whichever thread.
  bool CancelWasCalled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }

  // For EXPECT_TRUE right after the handler returned: a thread the handler started must be done.
  ::testing::AssertionResult NoFetchIsRunning() const {
    std::lock_guard lock(mutex_);
    if (fetches_running_ == 0) return ::testing::AssertionSuccess() << "no Fetch is running";
    return ::testing::AssertionFailure()
           << "a Fetch is still running on another thread after the handler returned";
  }

 private:
  const std::string response_;  // read-only after construction: safe to read from any thread
  mutable std::mutex mutex_;    // Fetch runs on the handler's worker thread, Cancel on another
  std::condition_variable fetch_returned_;
  int fetches_running_ = 0;
  bool cancelled_ = false;
};

}  // namespace spies
