// spies::SpyStore (chapter 2): a slow Store that remembers whether it was told to cancel.
//
// Fetch() takes 100 ms and cannot be interrupted, like a store with nothing to stop it; Cancel()
// only raises a flag. The flag is atomic because Fetch runs on the handler's worker thread while
// Cancel() and the test's checks may run on another.
//
//   spies::SpyStore store("hello, world");
//   ...
//   EXPECT_TRUE(store.WasCancelled());     // a failure is reported at this line
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "store.h"

namespace spies {

class SpyStore final : public tutorial::Store {
 public:
  static constexpr std::chrono::milliseconds kFetchTime{100};

  explicit SpyStore(std::string response) : response_(std::move(response)) {}

  std::string Fetch() override {
    // The slow work this spy stands for. Sleeping is its whole job here, not a way to wait for
    // another thread: the point is that Fetch takes long and ignores Cancel().
    std::this_thread::sleep_for(kFetchTime);
    return response_;
  }

  void Cancel() override { cancelled_.store(true); }

  // For EXPECT_TRUE(store.WasCancelled()): the failure names what went wrong.
  ::testing::AssertionResult WasCancelled() const {
    if (cancelled_.load()) return ::testing::AssertionSuccess() << "store was told to cancel";
    return ::testing::AssertionFailure() << "store was not told to cancel";
  }

  ::testing::AssertionResult WasNotCancelled() const {
    if (!cancelled_.load()) return ::testing::AssertionSuccess() << "store was not told to cancel";
    return ::testing::AssertionFailure() << "store was told to cancel";
  }

 private:
  const std::string response_;  // read-only after construction: safe to read from any thread
  std::atomic<bool> cancelled_{false};
};

}  // namespace spies
