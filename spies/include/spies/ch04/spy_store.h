// spies::SpyStore (chapter 4): a Store for tests over a real socket, where the handler runs on a
// server's worker thread and the test cannot see inside it. It spells its text one character per
// 10 ms, as in chapter 3, stops as soon as its context is done, and lets the test wait for its
// Fetch to start and to end, and learn how it ended.
//
//   spies::SpyStore store("hello, world");
//   ... a client sends a request, then hangs up once store.WaitForFetchToStart() ...
//   EXPECT_EQ(store.WaitForFetchToEnd(), context::Canceled);
#pragma once

#include <chrono>
#include <condition_variable>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "context/context.h"
#include "spies/spell_slowly.h"
#include "store.h"

namespace spies {

class SpyStore final : public tutorial::Store {
 public:
  explicit SpyStore(std::string text) : text_(std::move(text)) {}

  std::expected<std::string, std::error_code> Fetch(const context::Context& ctx) override {
    {
      const std::scoped_lock lock(mutex_);
      started_ = true;
    }
    fetch_started_.notify_all();
    auto result = spies::SpellSlowly(ctx, text_);
    {
      const std::scoped_lock lock(mutex_);
      ended_ = result ? std::error_code{} : result.error();
    }
    fetch_ended_.notify_all();
    return result;
  }

  // Whether a Fetch started within `limit`.
  bool WaitForFetchToStart(std::chrono::milliseconds limit = std::chrono::seconds(4)) {
    std::unique_lock lock(mutex_);
    return fetch_started_.wait_for(lock, limit, [this] { return started_; });
  }

  // How Fetch ended: empty if it returned the data, otherwise why it stopped. nullopt if no
  // Fetch ended within `limit`.
  std::optional<std::error_code> WaitForFetchToEnd(
      std::chrono::milliseconds limit = std::chrono::seconds(4)) {
    std::unique_lock lock(mutex_);
    fetch_ended_.wait_for(lock, limit, [this] { return ended_.has_value(); });
    return ended_;
  }

 private:
  const std::string text_;
  std::mutex mutex_;
  std::condition_variable fetch_started_;
  std::condition_variable fetch_ended_;
  bool started_ = false;
  std::optional<std::error_code> ended_;
};

}  // namespace spies
