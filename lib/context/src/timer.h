// The one thread that fires every context's deadline.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
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

  // The shard for deadlines armed by the calling thread (see Shard below). Attach stores it in
  // the node before linking the node under its parent: from then on another thread may cancel
  // the node, and disarming it reads that field.
  static std::size_t ShardOfThisThread() noexcept;

  // Calls node.Expire() at its deadline, unless Disarm(node) comes first. Called once per node,
  // at the end of Attach. A cancel from another thread may have disarmed the node just before:
  // then it waits here until it expires (harmless) or is destroyed. So the node disarms itself
  // in its destructor, always: the shard holds a raw pointer to it.
  void Arm(CancelNode& node);
  // Takes the node's deadline out of the timer; nothing happens if it is not (or no longer) in.
  void Disarm(CancelNode& node);
  std::size_t PendingCount();

 private:
  // Deadlines are spread over shards by the thread that arms them: a thread that makes and
  // cancels timed contexts keeps finding its own shard's lock and heap in its own core's cache,
  // instead of meeting the other threads on one lock (Go keeps one timer heap per P). A node
  // remembers its shard, so another thread (the canceller, the timer) can take it out again.
  //
  // Each shard is a binary min-heap of nodes ordered by deadline, stored in a vector, and each
  // node keeps its own index in that vector (CancelNode::timer_index_): adding and removing a
  // deadline are O(log n) swaps with no allocation (the vector only grows), where a std::map
  // allocated a tree node per deadline and searched the tree to remove it.
  struct alignas(64) Shard {
    std::mutex mutex;
    std::vector<CancelNode*> heap;  // guarded by mutex, as is every node's timer_index_ in it
  };
  static constexpr std::size_t kShards = 8;

  // The heap operations; the shard's lock is held.
  static void Push(Shard& shard, CancelNode* node);
  static void Remove(Shard& shard, std::size_t index);
  static void SiftUp(Shard& shard, std::size_t index);
  static void SiftDown(Shard& shard, std::size_t index);
  static void Place(Shard& shard, std::size_t index, CancelNode* node);

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
