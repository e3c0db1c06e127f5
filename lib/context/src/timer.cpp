#include "timer.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace context::detail {
namespace {

constexpr auto kNever = std::numeric_limits<TimePoint::rep>::max();

TimePoint FromRep(TimePoint::rep rep) {
  return TimePoint(TimePoint::duration(rep));
}

}  // namespace

DeadlineTimer& DeadlineTimer::Instance() {
  static DeadlineTimer timer;
  return timer;
}

DeadlineTimer::DeadlineTimer()
    : announced_(kNever), thread_([this](const std::stop_token& stop) { Run(stop); }) {}

std::size_t DeadlineTimer::ShardOfThisThread() noexcept {
  // Threads take the shards in turn, in the order they first arm a deadline.
  static std::atomic<std::size_t> next_thread{0};
  thread_local const std::size_t shard = next_thread.fetch_add(1) % kShards;
  return shard;
}

bool DeadlineTimer::Announce(TimePoint when) noexcept {
  auto current = announced_.load();
  while (when.time_since_epoch().count() < current) {
    if (announced_.compare_exchange_weak(current, when.time_since_epoch().count())) return true;
  }
  return false;
}

void DeadlineTimer::Arm(CancelNode& node) {
  {
    Shard& shard = shards_[node.timer_shard_];
    const std::scoped_lock lock(shard.mutex);
    Push(shard, &node);
  }
  if (Announce(*node.deadline)) {
    // Taking the mutex orders this wake after the thread's check of announced_, never between
    // its check and its wait: the wake cannot be lost.
    { const std::scoped_lock lock(wake_mutex_); }
    wake_.notify_one();
  }
}

void DeadlineTimer::Disarm(CancelNode& node) {
  // timer_shard_ was written in Attach, before the node was linked or shared: no lock needed.
  Shard& shard = shards_[node.timer_shard_];
  const std::scoped_lock lock(shard.mutex);
  if (node.timer_index_ != CancelNode::kNotArmed) Remove(shard, node.timer_index_);
}

// The heap: heap[0] is the earliest deadline; the children of heap[i] are heap[2i+1], heap[2i+2],
// and neither is earlier than heap[i].

void DeadlineTimer::Place(Shard& shard, std::size_t index, CancelNode* node) {
  shard.heap[index] = node;
  node->timer_index_ = index;
}

void DeadlineTimer::Push(Shard& shard, CancelNode* node) {
  shard.heap.push_back(node);
  node->timer_index_ = shard.heap.size() - 1;
  SiftUp(shard, node->timer_index_);
}

void DeadlineTimer::Remove(Shard& shard, std::size_t index) {
  CancelNode* const removed = shard.heap[index];
  CancelNode* const last = shard.heap.back();
  shard.heap.pop_back();
  removed->timer_index_ = CancelNode::kNotArmed;
  if (last == removed) return;  // it was the last one: nothing to fill in
  // The last node fills the hole, then moves up or down to where its deadline belongs.
  Place(shard, index, last);
  SiftUp(shard, index);
  SiftDown(shard, last->timer_index_);
}

void DeadlineTimer::SiftUp(Shard& shard, std::size_t index) {
  CancelNode* const node = shard.heap[index];
  while (index > 0) {
    const std::size_t parent = (index - 1) / 2;
    if (!(*node->deadline < *shard.heap[parent]->deadline)) break;
    Place(shard, index, shard.heap[parent]);
    index = parent;
  }
  Place(shard, index, node);
}

void DeadlineTimer::SiftDown(Shard& shard, std::size_t index) {
  CancelNode* const node = shard.heap[index];
  const std::size_t size = shard.heap.size();
  while (true) {
    std::size_t earliest = 2 * index + 1;
    if (earliest >= size) break;
    if (earliest + 1 < size &&
        *shard.heap[earliest + 1]->deadline < *shard.heap[earliest]->deadline)
      ++earliest;
    if (!(*shard.heap[earliest]->deadline < *node->deadline)) break;
    Place(shard, index, shard.heap[earliest]);
    index = earliest;
  }
  Place(shard, index, node);
}

std::size_t DeadlineTimer::PendingCount() {
  std::size_t count = 0;
  for (Shard& shard : shards_) {
    const std::scoped_lock lock(shard.mutex);
    count += shard.heap.size();
  }
  return count;
}

std::size_t PendingDeadlineCount() {
  return DeadlineTimer::Instance().PendingCount();
}

TimePoint DeadlineTimer::CollectDue(TimePoint now, std::vector<std::shared_ptr<CancelNode>>& due) {
  TimePoint earliest = FromRep(kNever);
  for (Shard& shard : shards_) {
    const std::scoped_lock lock(shard.mutex);
    while (!shard.heap.empty() && *shard.heap.front()->deadline <= now) {
      CancelNode* const node = shard.heap.front();
      Remove(shard, 0);
      // A node whose last owner is gone is in its destructor, waiting for this lock to disarm
      // itself: it finds itself disarmed, and nobody is left to see it expire. Any other node
      // is kept alive by `due` until it has expired.
      if (auto alive = node->self_.lock()) due.push_back(std::move(alive));
    }
    if (!shard.heap.empty()) earliest = std::min(earliest, *shard.heap.front()->deadline);
  }
  return earliest;
}

void DeadlineTimer::Run(const std::stop_token& stop) {
  std::vector<std::shared_ptr<CancelNode>> due;
  while (!stop.stop_requested()) {
    // From here on, any Arm of a deadline earlier than what the scan finds announces itself.
    announced_.store(kNever);
    const TimePoint next = CollectDue(std::chrono::steady_clock::now(), due);

    // Expire without holding any lock: expiring runs users' stop callbacks and after-funcs.
    for (const auto& node : due) node->Expire();
    due.clear();  // the last reference to a node may go here, off every lock
    if (std::chrono::steady_clock::now() >= next) continue;

    std::unique_lock lock(wake_mutex_);
    wake_.wait_until(lock, stop, next, [this, next] { return FromRep(announced_.load()) < next; });
  }
}

}  // namespace context::detail
