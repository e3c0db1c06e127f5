// What the hang-up benchmarks share: a handler that records when its request's context woke it,
// and the few figures they print (percentiles, the load, the process's threads and descriptors).
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <stop_token>
#include <vector>

#include "http/handler.h"

namespace bench {

using Clock = std::chrono::steady_clock;

// How long the calling thread has waited, in all, for a CPU while it was ready to run: the
// scheduler's statistics (/proc/thread-self/schedstat, second field, in nanoseconds). On a
// loaded machine a thread woken by a hang-up may wait milliseconds there; this tells that wait
// apart from the adapter's own delay.
inline Clock::duration RunQueueWait() {
  std::ifstream schedstat("/proc/thread-self/schedstat");
  long long on_cpu = 0;
  long long waiting = 0;
  schedstat >> on_cpu >> waiting;
  return std::chrono::nanoseconds(waiting);
}

// When a cancelled handler woke, and how long it had waited for a CPU since it started. That
// wait may begin before the hang-up (the handler can be preempted just after it starts), so
// "latency minus wait" is a lower bound, now and then even below zero: it shows where the
// milliseconds went, it is no latency of its own.
struct Wake {
  Clock::time_point at;
  Clock::duration run_queue_wait{};
};

// A handler that waits for its request to be cancelled (at most 10 s) and records when it woke.
class CancellationProbe {
 public:
  http::HandlerFunc Handler() {
    return [this](http::ResponseWriter&, const http::Request& r) {
      const auto waited_before = RunQueueWait();  // read first: it takes a few microseconds
      Update([&] { ++started_; });
      std::mutex mutex;
      std::condition_variable_any never_notified;
      std::unique_lock lock(mutex);
      const std::stop_token& done = r.Context().Done();
      never_notified.wait_for(lock, done, std::chrono::seconds(10),
                              [&] { return done.stop_requested(); });
      const Wake wake{.at = Clock::now(), .run_queue_wait = RunQueueWait() - waited_before};
      const bool cancelled = done.stop_requested();
      Update([&] {
        ++finished_;
        if (cancelled) ++cancelled_;
        last_wake_ = wake;
      });
    };
  }

  bool WaitForStarted(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return started_ >= count; });
  }
  // When the count-th handler woke up, or nullopt if it did not finish in time.
  std::optional<Wake> WaitForFinished(int count) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(10), [&] { return finished_ >= count; })) {
      return std::nullopt;
    }
    return last_wake_;
  }
  int Cancelled() {
    const std::scoped_lock lock(mutex_);
    return cancelled_;
  }

 private:
  template <class F>
  void Update(F change) {
    {
      const std::scoped_lock lock(mutex_);
      change();
    }
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int started_ = 0;
  int finished_ = 0;
  int cancelled_ = 0;
  Wake last_wake_;
};

inline double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

// The p-th percentile (0..1) of figures already sorted.
inline double Percentile(const std::vector<double>& sorted, double p) {
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[index];
}

// The one-minute load average: every figure is printed with the load it was measured under.
inline double LoadAverage() {
  std::ifstream loadavg("/proc/loadavg");
  double one_minute = 0;
  loadavg >> one_minute;
  return one_minute;
}

// How many entries a /proc directory has: /proc/self/fd (descriptors), /proc/self/task (threads).
inline std::size_t CountEntries(const char* directory) {
  return static_cast<std::size_t>(
      std::ranges::distance(std::filesystem::directory_iterator(directory)));
}

}  // namespace bench
