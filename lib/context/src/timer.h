// The one thread that fires every context's deadline.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

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
  void Run(const std::stop_token& stop);

  // Ordered by due time; the node's address breaks ties (a node has at most one deadline).
  using Key = std::pair<TimePoint, const CancelNode*>;

  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::map<Key, std::weak_ptr<CancelNode>> pending_;
  std::jthread thread_;  // last member: it stops and joins before the rest is destroyed
};

}  // namespace context::detail
