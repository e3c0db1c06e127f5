#include "worker_pool.h"

#include <utility>

namespace http::detail {

WorkerPool::WorkerPool(std::size_t worker_count, JobRunner run_job) : run_job_(std::move(run_job)) {
  workers_.reserve(worker_count);
  for (std::size_t i = 0; i < worker_count; ++i) workers_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() {
  shutdown();
}

EnqueueResult WorkerPool::enqueue(std::function<void()> job) {
  {
    const std::scoped_lock lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  job_ready_.notify_one();
  // "Accepted" for the versions that ask; a cast to void for the ones that don't.
  return static_cast<EnqueueResult>(true);
}

void WorkerPool::shutdown() {
  {
    const std::scoped_lock lock(mutex_);
    shutting_down_ = true;
  }
  job_ready_.notify_all();
  for (std::jthread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

void WorkerPool::Work() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      job_ready_.wait(lock, [this] { return shutting_down_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // shutting down, and nothing left to serve
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    run_job_(job);
  }
}

}  // namespace http::detail
