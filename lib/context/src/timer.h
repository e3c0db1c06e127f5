// The one thread that fires every context's deadline.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <utility>
#include <vector>

#include "context/detail/node.h"

namespace context::detail {

class DeadlineTimer {
 public:
  // The process-wide timer; its thread starts with the first deadline and is joined at exit.
  static DeadlineTimer& Instance();

  DeadlineTimer();
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;
  ~DeadlineTimer() = default;

  // Calls node->Expire() at `when`, unless Disarm(when, node) comes first.
  void Arm(TimePoint when, const std::shared_ptr<CancelNode>& node);
  void Disarm(TimePoint when, const CancelNode* node);
  std::size_t PendingCount();

 private:
  // Ordered by due time; the node's address breaks ties (a node has at most one deadline).
  using Key = std::pair<TimePoint, const CancelNode*>;

  // Deadlines are spread over shards by node address, so that threads creating and cancelling
  // timed contexts at the same time rarely meet on one mutex (Go keeps one timer heap per P).
  struct alignas(64) Shard {
    std::mutex mutex;
    std::map<Key, std::weak_ptr<CancelNode>> pending;
  };
  static constexpr std::size_t kShards = 8;
  Shard& ShardOf(const CancelNode* node) noexcept;

  void Run(const std::stop_token& stop);
  // Takes every due deadline out of the shards; returns the earliest one left.
  TimePoint CollectDue(TimePoint now, std::vector<std::shared_ptr<CancelNode>>& due);
  // Lowers `announced_` to `when` if that is earlier; true if it did.
  bool Announce(TimePoint when) noexcept;

  std::array<Shard, kShards> shards_;
  // The earliest deadline armed since the thread last looked at the shards, so that only a new
  // earliest deadline wakes it (and takes wake_mutex_).
  std::atomic<TimePoint::rep> announced_;
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last member: it stops and joins before the rest is destroyed
};

}  // namespace context::detail
