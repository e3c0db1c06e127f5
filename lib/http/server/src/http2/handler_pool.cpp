#include "handler_pool.h"

#include <utility>

namespace http::detail {

HandlerPool::HandlerPool(std::size_t max_workers)
    : max_workers_(max_workers == 0 ? 1 : max_workers) {}

HandlerPool::~HandlerPool() {
  {
    std::lock_guard lock(mutex_);
    queued_.clear();
    for (std::jthread& worker : workers_) worker.request_stop();
  }
  job_ready_.notify_all();
  workers_.clear();  // joins: a worker finishes the job it runs, then sees the stop
}

HandlerPool::JobId HandlerPool::Submit(Job job) {
  std::unique_lock lock(mutex_);
  const JobId id = next_id_++;
  queued_.emplace_hint(queued_.end(), id, std::move(job));
  if (idle_workers_ < queued_.size() && workers_.size() < max_workers_) {
    workers_.emplace_back([this](std::stop_token stop) { Work(std::move(stop)); });
  }
  lock.unlock();
  job_ready_.notify_one();
  return id;
}

bool HandlerPool::Withdraw(JobId id) {
  std::lock_guard lock(mutex_);
  const bool withdrawn = queued_.erase(id) == 1;
  if (withdrawn && queued_.empty() && running_ == 0) idle_.notify_all();
  return withdrawn;
}

bool HandlerPool::WaitIdle(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  return idle_.wait(lock, stop, [this] { return queued_.empty() && running_ == 0; });
}

void HandlerPool::Work(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (true) {
    ++idle_workers_;
    const bool has_job = job_ready_.wait(lock, stop, [this] { return !queued_.empty(); });
    --idle_workers_;
    if (!has_job) return;  // stop requested
    Job job = std::move(queued_.begin()->second);
    queued_.erase(queued_.begin());
    ++running_;
    lock.unlock();
    job();
    job = nullptr;  // what the job holds is released before the pool counts it done
    lock.lock();
    --running_;
    if (queued_.empty() && running_ == 0) idle_.notify_all();
  }
}

}  // namespace http::detail
