// The threads that serve connections: a cpp-httplib TaskQueue of a size we choose.
//
// cpp-httplib serves each connection, keep-alive requests and all, on one thread of its task
// queue. Its own pool has max(8, cores - 1) threads, a number compiled into Debian's shared
// library, so eight slow or abandoned clients would leave every other client waiting. The
// adapter installs this pool instead (Server::new_task_queue), sized by ServerOptions.
//
// A thread is started when a connection arrives and none is free, up to the maximum, and then
// kept until the pool shuts down: a parked thread costs a little memory and no CPU, and the
// maximum is what stands between a flood of slow clients and everyone else, so it is set high
// (ServerOptions::worker_threads) without paying for it on a quiet server. Measured with
// bench/hostile_clients.sh: 500 clients trickling their heads held 504 threads and 18 MB of RSS
// in all, while a normal client's p99 stayed at 4 ms. The alternative, holding connections in
// an epoll loop until their head is complete, would mean parsing heads outside cpp-httplib.
//
// Each job cpp-httplib enqueues serves one accepted connection, every request of it, and closes
// it. So a job is a connection, and the pool lets the adapter wrap each job (run_job) with what
// it keeps per connection: its socket, its context, its registration with the hang-up watcher.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace http::detail {

// cpp-httplib 0.18 changed TaskQueue::enqueue to return whether the job was accepted (it used to
// return void). Take whatever the installed version declares, so one source builds with both.
using EnqueueResult = std::invoke_result_t<decltype(&httplib::TaskQueue::enqueue),
                                           httplib::TaskQueue&, std::function<void()>>;

class WorkerPool final : public httplib::TaskQueue {
 public:
  // Runs one job: it must call job() once, on the calling thread.
  using JobRunner = std::function<void(const std::function<void()>& job)>;

  WorkerPool(std::size_t max_workers, JobRunner run_job);
  // Runs the jobs still queued, then joins every worker.
  ~WorkerPool() override;

  EnqueueResult enqueue(std::function<void()> job) override;
  // Called by cpp-httplib when it stops accepting: same as the destructor, done early.
  void shutdown() override;

 private:
  void Work();

  const std::size_t max_workers_;
  const JobRunner run_job_;
  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::deque<std::function<void()>> jobs_;
  bool shutting_down_ = false;
  std::size_t idle_workers_ = 0;       // waiting for a job
  std::vector<std::jthread> workers_;  // last: the workers use everything above
};

}  // namespace http::detail
