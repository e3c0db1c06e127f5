#include "timer.h"

#include <algorithm>
#include <bit>
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

DeadlineTimer::Shard& DeadlineTimer::ShardOf(const CancelNode* node) noexcept {
  // Nodes are heap blocks of well over 64 bytes: the low bits carry no information.
  const auto address = std::bit_cast<std::uintptr_t>(node);
  return shards_[(address >> 7U) % kShards];
}

bool DeadlineTimer::Announce(TimePoint when) noexcept {
  auto current = announced_.load();
  while (when.time_since_epoch().count() < current) {
    if (announced_.compare_exchange_weak(current, when.time_since_epoch().count())) return true;
  }
  return false;
}

void DeadlineTimer::Arm(TimePoint when, const std::shared_ptr<CancelNode>& node) {
  {
    Shard& shard = ShardOf(node.get());
    const std::scoped_lock lock(shard.mutex);
    shard.pending.emplace(Key{when, node.get()}, node);
  }
  if (Announce(when)) {
    // Taking the mutex orders this wake after the thread's check of announced_, never between
    // its check and its wait: the wake cannot be lost.
    { const std::scoped_lock lock(wake_mutex_); }
    wake_.notify_one();
  }
}

void DeadlineTimer::Disarm(TimePoint when, const CancelNode* node) {
  Shard& shard = ShardOf(node);
  const std::scoped_lock lock(shard.mutex);
  // find + erase(iterator): erase(key) would search the tree twice (it uses equal_range).
  if (const auto it = shard.pending.find(Key{when, node}); it != shard.pending.end()) {
    shard.pending.erase(it);
  }
}

std::size_t DeadlineTimer::PendingCount() {
  std::size_t count = 0;
  for (Shard& shard : shards_) {
    const std::scoped_lock lock(shard.mutex);
    count += shard.pending.size();
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
    auto& pending = shard.pending;
    while (!pending.empty() && pending.begin()->first.first <= now) {
      if (auto node = pending.begin()->second.lock()) due.push_back(std::move(node));
      pending.erase(pending.begin());
    }
    if (!pending.empty()) earliest = std::min(earliest, pending.begin()->first.first);
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
