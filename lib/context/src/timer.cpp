#include "timer.h"

#include <vector>

namespace context::detail {

DeadlineTimer& DeadlineTimer::Instance() {
  static DeadlineTimer timer;
  return timer;
}

DeadlineTimer::DeadlineTimer() : thread_([this](const std::stop_token& stop) { Run(stop); }) {}

void DeadlineTimer::Arm(TimePoint when, const std::shared_ptr<CancelNode>& node) {
  bool earliest = false;
  {
    const std::scoped_lock lock(mutex_);
    const auto [it, inserted] = pending_.emplace(Key{when, node.get()}, node);
    earliest = (it == pending_.begin());
  }
  // Only a new earliest deadline changes how long the thread must sleep.
  if (earliest) changed_.notify_one();
}

void DeadlineTimer::Disarm(TimePoint when, const CancelNode* node) {
  const std::scoped_lock lock(mutex_);
  // find + erase(iterator): erase(key) would search the tree twice (it uses equal_range).
  if (const auto it = pending_.find(Key{when, node}); it != pending_.end()) pending_.erase(it);
}

std::size_t DeadlineTimer::PendingCount() {
  const std::scoped_lock lock(mutex_);
  return pending_.size();
}

std::size_t PendingDeadlineCount() {
  return DeadlineTimer::Instance().PendingCount();
}

void DeadlineTimer::Run(const std::stop_token& stop) {
  std::vector<std::shared_ptr<CancelNode>> due;
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (pending_.empty()) {
      changed_.wait(lock, stop, [this] { return !pending_.empty(); });
      continue;
    }
    const TimePoint next = pending_.begin()->first.first;
    if (std::chrono::steady_clock::now() < next) {
      changed_.wait_until(lock, stop, next, [this, next] {
        return pending_.empty() || pending_.begin()->first.first < next;
      });
      continue;
    }
    // Take everything that is due, then expire it without holding the lock: expiring runs
    // users' stop callbacks and AfterFunc functions.
    const auto now = std::chrono::steady_clock::now();
    while (!pending_.empty() && pending_.begin()->first.first <= now) {
      auto node = pending_.begin()->second.lock();
      pending_.erase(pending_.begin());
      if (node) due.push_back(std::move(node));
    }
    lock.unlock();
    for (const auto& node : due) node->Expire();
    due.clear();  // the last reference to a node may go here, off the lock
    lock.lock();
  }
}

}  // namespace context::detail
