// The audit log writes what is queued as one batch, and its queue never grows past its capacity:
// when the database falls behind, Record() waits for room (backpressure).
#include "audit_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <span>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "context/context.h"
#include "spies/ch05/user_database.h"
#include "user_store.h"

namespace {

using namespace std::chrono_literals;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Le;
using tutorial::AuditEntry;
using tutorial::AuditLog;
using tutorial::RecordedEntry;

// An audit store that keeps its first batch waiting, as a database that has fallen behind would,
// until the test has recorded everything it meant to (or, if recording cannot finish, a while).
class FallingBehindStore final : public tutorial::AuditStore {
 public:
  std::expected<void, std::error_code> Append(const context::Context&, const AuditEntry&) override {
    return {};  // AuditLog only calls AppendAll
  }

  std::vector<std::error_code> AppendAll(std::span<const RecordedEntry> batch) override {
    std::unique_lock lock(mutex_);
    if (batch_sizes_.empty()) {
      // A spy's bounded pause: a log without a limit finishes recording long before this ends.
      caught_up_.wait_for(lock, 300ms, [this] { return recording_done_; });
    }
    batch_sizes_.push_back(batch.size());
    return std::vector<std::error_code>(batch.size());
  }

  void RecordingDone() {
    const std::scoped_lock lock(mutex_);
    recording_done_ = true;
    caught_up_.notify_all();
  }

  std::vector<std::size_t> BatchSizes() const {
    const std::scoped_lock lock(mutex_);
    return batch_sizes_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable caught_up_;
  bool recording_done_ = false;
  std::vector<std::size_t> batch_sizes_;
};

TEST(AuditLog, NeverQueuesMoreThanItsCapacityWhenTheStoreFallsBehind) {
  constexpr std::size_t kCapacity = 4;
  constexpr std::size_t kEntries = 40;
  FallingBehindStore store;
  {
    AuditLog audit(store, 1h, kCapacity);  // 1 h: only a filling queue makes it write
    std::jthread recorder([&] {
      for (std::size_t i = 0; i < kEntries; ++i) {
        audit.Record(context::Background(), {.request = "GET /", .outcome = "200"});
      }
      store.RecordingDone();
    });
  }  // the recorder is joined, then the log writes what is left

  const auto sizes = store.BatchSizes();
  EXPECT_THAT(sizes, Each(Le(kCapacity)));
  std::size_t written = 0;
  for (const std::size_t size : sizes) written += size;
  EXPECT_EQ(written, kEntries);
}

TEST(SqliteStore, WritesABatchButNotTheEntriesWhoseContextIsDone) {
  spies::UserDatabase users;
  tutorial::SqliteStore store(users.File());
  auto [gone, cancel] = context::WithCancel(context::Background());
  cancel();
  const std::vector<RecordedEntry> batch = {
      {.ctx = context::Background(), .entry = {.request = "GET /users/1", .outcome = "200"}},
      {.ctx = gone, .entry = {.request = "GET /users/2", .outcome = "200"}},
      {.ctx = context::Background(), .entry = {.request = "GET /users/3", .outcome = "504"}},
  };

  const auto outcomes = store.AppendAll(batch);

  EXPECT_THAT(outcomes, ElementsAre(std::error_code{}, context::Canceled, std::error_code{}));
  EXPECT_THAT(users.AuditLines(), ElementsAre("GET /users/1 -> 200", "GET /users/3 -> 504"));
}

TEST(AuditLog, WritesEverythingQueuedAsOneBatch) {
  FallingBehindStore store;
  store.RecordingDone();
  {
    AuditLog audit(store, 1h);
    for (int i = 0; i < 100; ++i) {
      audit.Record(context::Background(), {.request = "GET /", .outcome = "200"});
    }
    audit.Flush();
  }
  EXPECT_THAT(store.BatchSizes(), ElementsAre(100));
}

}  // namespace
