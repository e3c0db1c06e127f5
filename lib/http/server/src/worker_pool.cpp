#include "worker_pool.h"

#include <algorithm>
#include <utility>

namespace http::detail {

WorkerPool::WorkerPool(std::size_t max_workers, JobRunner run_job)
    : max_workers_(std::max<std::size_t>(max_workers, 1)), run_job_(std::move(run_job)) {}

WorkerPool::~WorkerPool() {
  shutdown();
}

EnqueueResult WorkerPool::enqueue(std::function<void()> job) {
  {
    const std::scoped_lock lock(mutex_);
    jobs_.push_back(std::move(job));
    // Every idle worker takes one job; start another only if the jobs outnumber them.
    if (jobs_.size() > idle_workers_ && workers_.size() < max_workers_) {
      workers_.emplace_back([this] { Work(); });
    }
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
  // cpp-httplib calls enqueue() and shutdown() on its one accepting thread, so workers_ no
  // longer changes here.
  for (std::jthread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

void WorkerPool::Work() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ++idle_workers_;
      job_ready_.wait(lock, [this] { return shutting_down_ || !jobs_.empty(); });
      --idle_workers_;
      if (jobs_.empty()) return;  // shutting down, and nothing left to serve
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    run_job_(job);
  }
}

}  // namespace http::detail
