// The threads that run HTTP/2 handlers, shared by every connection of an Http2Server.
//
// A connection's own thread reads frames; when a stream's request is complete it queues the
// stream's handler here. A queued job may be withdrawn until a worker takes it: that is how a
// stream reset before its handler started never starts it (the Rapid Reset defence), and why a
// flood of such streams costs a map insert and erase each, not a thread.
//
// Workers are started as jobs need them, up to the maximum, and kept until the pool is
// destroyed, which runs nothing more that is queued and joins them all.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace http::detail {

class HandlerPool {
 public:
  using Job = std::move_only_function<void()>;
  using JobId = std::uint64_t;

  explicit HandlerPool(std::size_t max_workers);
  // Drops the jobs still queued (never run), waits for the running ones, joins every worker.
  ~HandlerPool();
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  // Queues `job`, first in first out; the id withdraws it until a worker takes it.
  JobId Submit(Job job);
  // Removes a job that no worker has taken yet: true if it was removed (so it will never run),
  // false if it has started, finished, or was never queued.
  bool Withdraw(JobId id);

  // Blocks until no job is queued or running (true), or until `stop` is requested (false).
  bool WaitIdle(std::stop_token stop = {});

 private:
  void Work(std::stop_token stop);

  const std::size_t max_workers_;
  std::mutex mutex_;
  std::condition_variable_any job_ready_;  // for the workers
  std::condition_variable_any idle_;       // for WaitIdle
  std::map<JobId, Job> queued_;            // ids only grow, so the first is the oldest
  JobId next_id_ = 1;
  std::size_t running_ = 0;
  std::size_t idle_workers_ = 0;
  std::vector<std::jthread> workers_;  // last: the workers use everything above
};

}  // namespace http::detail
