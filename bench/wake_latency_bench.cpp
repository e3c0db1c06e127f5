// WakeLatency: from cancel() to a thread that was blocked on ctx.Done() running again.
//
// This is what a learner's handler pays when a request is cancelled: the store's worker sleeps in
// a std::condition_variable_any wait with the context's stop token, and cancel() must wake it.
// Go has no benchmark of its own for this; its figure (a goroutine blocked in
// `<-ctx.Done()`) was measured the same way: timestamp, cancel, timestamp in the woken goroutine.
//
// One iteration: make a context, hand its Done() token to a waiting thread, wait until that thread
// is blocked on it, read the clock, cancel, and read the clock again in the woken thread as soon
// as its wait returns. The difference is the iteration's (manual) time, so the Time column is the
// mean latency; p50_us and p99_us are counters, in microseconds. A tail like p99 needs thousands
// of samples, hence a fixed number of iterations rather than a minimum time.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <concepts>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <utility>
#include <vector>

#include "context/context.h"

namespace {

using Clock = std::chrono::steady_clock;

// A thread that, for each stop token handed to it, blocks until stop is requested on that token
// and records the moment it was running again.
class DoneWaiter {
 public:
  DoneWaiter() : thread_([this](std::stop_token quit) { Run(quit); }) {}

  // Hands `done` to the waiter; returns once the waiter has released the lock inside its wait on
  // `done`, that is, once it is blocked (or about to block, which a stop request also ends).
  void BlockOn(std::stop_token done) {
    std::unique_lock lock(mutex_);
    next_ = std::move(done);
    woke_at_.reset();
    to_waiter_.notify_one();
    to_bench_.wait(lock, [this] { return blocked_; });
  }

  // Waits until the waiter has woken from the token given to BlockOn; returns when it did.
  Clock::time_point AwaitWake() {
    std::unique_lock lock(mutex_);
    to_bench_.wait(lock, [this] { return woke_at_.has_value(); });
    return *woke_at_;
  }

 private:
  void Run(const std::stop_token& quit) {
    std::unique_lock lock(mutex_);
    while (to_waiter_.wait(lock, quit, [this] { return next_.has_value(); })) {
      const std::stop_token done = *std::exchange(next_, std::nullopt);
      blocked_ = true;
      to_bench_.notify_one();
      // The wait under test. Only the stop request ends it: the predicate is never true.
      to_waiter_.wait(lock, done, [] { return false; });
      woke_at_ = Clock::now();
      blocked_ = false;
      to_bench_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable_any to_waiter_;  // a new token, or the stop request on it
  std::condition_variable to_bench_;       // the waiter blocked, or woke up
  std::optional<std::stop_token> next_;
  bool blocked_ = false;
  std::optional<Clock::time_point> woke_at_;
  std::jthread thread_;  // last member: stopped and joined before the ones it uses are destroyed
};

// Blocks the waiter on `done`, calls `cancel` (which must end `done`), and returns how long the
// waiter took to run again.
template <std::invocable Cancel>
std::chrono::duration<double> TimeOneWake(DoneWaiter& waiter, std::stop_token done,
                                          Cancel&& cancel) {
  waiter.BlockOn(std::move(done));
  const Clock::time_point cancelled_at = Clock::now();
  std::forward<Cancel>(cancel)();
  return waiter.AwaitWake() - cancelled_at;
}

// The latencies of one benchmark run: each is its iteration's time (so the Time column is their
// mean); Report() adds the percentiles as the counters p50_us and p99_us.
class LatencySamples {
 public:
  explicit LatencySamples(benchmark::State& state) : state_(state) {
    microseconds_.reserve(static_cast<std::size_t>(state.max_iterations));
  }

  void Add(std::chrono::duration<double> latency) {
    state_.SetIterationTime(latency.count());
    microseconds_.push_back(latency.count() * 1e6);
  }

  void Report() {
    std::ranges::sort(microseconds_);
    state_.counters["p50_us"] = Percentile(0.50);
    state_.counters["p99_us"] = Percentile(0.99);
  }

 private:
  // The smallest sample that at least a fraction `q` of the sorted samples do not exceed
  // (the nearest-rank percentile).
  double Percentile(double q) const {
    if (microseconds_.empty()) return 0.0;
    const auto rank =
        static_cast<std::size_t>(std::ceil(q * static_cast<double>(microseconds_.size())));
    return microseconds_[std::clamp<std::size_t>(rank, 1, microseconds_.size()) - 1];
  }

  benchmark::State& state_;
  std::vector<double> microseconds_;
};

// Every iteration: a new WithCancel context, a waiter blocked on its Done(), then cancel().
void WakeLatency(benchmark::State& state) {
  DoneWaiter waiter;
  LatencySamples samples(state);
  for (auto _ : state) {
    const auto [ctx, cancel] = context::WithCancel(context::Background());
    samples.Add(TimeOneWake(waiter, ctx.Done(), cancel));
  }
  samples.Report();
}
BENCHMARK(WakeLatency)->Iterations(5000)->UseManualTime()->Unit(benchmark::kMicrosecond);

// The same with a bare std::stop_source and no context: the floor that the operating system and
// the standard library set, and so how much of WakeLatency the context library itself adds.
void WakeLatencyBaseline(benchmark::State& state) {
  DoneWaiter waiter;
  LatencySamples samples(state);
  for (auto _ : state) {
    std::stop_source source;
    samples.Add(TimeOneWake(waiter, source.get_token(), [&source] { source.request_stop(); }));
  }
  samples.Report();
}
BENCHMARK(WakeLatencyBaseline)
    ->Name("WakeLatency/Baseline=stop_source")
    ->Iterations(5000)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
