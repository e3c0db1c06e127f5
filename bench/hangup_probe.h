// What the hang-up benchmarks share: a handler that records when its request's context woke it,
// and the few figures they print (percentiles, the load, the process's threads and descriptors).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "cancelkit_testing/wait_until_done.h"
#include "http/handler.h"
#include "spies/watched_state.h"

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
      counts_.Update([](Counts& counts) { ++counts.started; });
      const bool cancelled = cancelkit_testing::WaitUntilDone(r.Context());  // at most 10 s
      const Wake wake{.at = Clock::now(), .run_queue_wait = RunQueueWait() - waited_before};
      counts_.Update([&](Counts& counts) {
        ++counts.finished;
        if (cancelled) ++counts.cancelled;
        counts.last_wake = wake;
      });
    };
  }

  bool WaitForStarted(int count) {
    return counts_.WaitUntil(std::chrono::seconds(10),
                             [&](const Counts& counts) { return counts.started >= count; });
  }
  // When the count-th handler woke up, or nullopt if it did not finish in time.
  std::optional<Wake> WaitForFinished(int count) {
    if (!counts_.WaitUntil(std::chrono::seconds(10),
                           [&](const Counts& counts) { return counts.finished >= count; })) {
      return std::nullopt;
    }
    return counts_.Get([](const Counts& counts) { return counts.last_wake; });
  }
  int Started() {
    return counts_.Get([](const Counts& counts) { return counts.started; });
  }
  int Cancelled() {
    return counts_.Get([](const Counts& counts) { return counts.cancelled; });
  }

 private:
  struct Counts {
    int started = 0;
    int finished = 0;
    int cancelled = 0;
    Wake last_wake;
  };
  spies::WatchedState<Counts> counts_;
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
