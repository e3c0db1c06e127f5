// upstream_hangup_bench: a client's hang-up crossing two servers (chapter 7's upstream half, the
// solution's GetFromUpstream and WithDeadlineFromHeader). Results: bench/README.md.
//
//   client --GET--> front (GetFromUpstream) --GET--> upstream (a handler that waits for ctx.Done())
//
//   upstream_hangup_bench latency [trials]      the client closes its connection -> the upstream's
//                                               handler sees its context done, and -> the front's
//                                               call returns: p50/p99/max (default 1000 trials,
//                                               after 100 unreported warm-up trials)
//   upstream_hangup_bench hangups [n]           n hang-ups in a row (default 1000): every upstream
//                                               context cancelled? threads and descriptors back?
//   upstream_hangup_bench smoke                 a few of each, for ctest
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hangup_probe.h"
#include "http/server.h"
#include "httptest/raw_client.h"
#include "upstream_call.h"

namespace {

using namespace std::chrono_literals;
using bench::CancellationProbe;
using bench::Clock;
using bench::CountEntries;
using bench::LoadAverage;
using bench::Micros;
using bench::Percentile;

// The front: asks the upstream on behalf of each request, and records when each call returned and
// with what error.
class Front {
 public:
  explicit Front(int upstream_port)
      : server_([this, upstream_port](http::ResponseWriter& w, const http::Request& r) {
          auto response = tutorial::GetFromUpstream(r.Context(), "127.0.0.1", upstream_port, "/");
          const auto returned = Clock::now();
          if (response) w.Write(response->body);
          {
            const std::scoped_lock lock(mutex_);
            ++returned_;
            if (!response && response.error() == context::Canceled) ++canceled_;
            last_return_ = returned;
          }
          changed_.notify_all();
        }),
        port_(server_.Start().value()) {}

  int port() const { return port_; }

  // When the count-th call returned, or nullopt if it did not within 10 s.
  std::optional<Clock::time_point> WaitForReturned(int count) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, 10s, [&] { return returned_ >= count; })) return std::nullopt;
    return last_return_;
  }
  int Canceled() {
    const std::scoped_lock lock(mutex_);
    return canceled_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int returned_ = 0;
  int canceled_ = 0;
  Clock::time_point last_return_;
  http::Server server_;  // declared last: it stops before what its handler uses goes away
  int port_;
};

// Both servers, a probe behind the upstream's deadline middleware.
struct TwoServers {
  CancellationProbe probe;
  http::Server upstream{tutorial::WithDeadlineFromHeader(probe.Handler())};
  int upstream_port = upstream.Start().value();
  Front front{upstream_port};
};

void PrintFigures(const char* what, std::vector<double> micros) {
  std::ranges::sort(micros);
  std::printf("%-38s p50 %7.1f us  p99 %7.1f us  max %7.1f us\n", what, Percentile(micros, 0.5),
              Percentile(micros, 0.99), micros.back());
}

// One trial: connect to the front, wait until the upstream's handler runs, close. Returns the
// time of the close, or nullopt if a step did not happen within 10 s.
std::optional<Clock::time_point> HangUpOnce(TwoServers& servers, int trial) {
  auto client = httptest::RawClient::Connect(servers.front.port());
  if (!client || !client->SendRequest() || !servers.probe.WaitForStarted(trial)) {
    std::printf("trial %d: the request never reached the upstream\n", trial);
    return std::nullopt;
  }
  const auto hung_up = Clock::now();
  client->Close();
  return hung_up;
}

int Latency(int trials) {
  constexpr int kWarmUp = 100;
  TwoServers servers;
  std::vector<double> upstream_woke;
  std::vector<double> front_returned;
  const double load_before = LoadAverage();
  for (int i = 1; i <= kWarmUp + trials; ++i) {
    const auto hung_up = HangUpOnce(servers, i);
    if (!hung_up) return 1;
    const auto wake = servers.probe.WaitForFinished(i);
    const auto returned = servers.front.WaitForReturned(i);
    if (!wake || !returned) {
      std::printf("trial %d: the upstream's handler or the front's call never ended\n", i);
      return 1;
    }
    if (i <= kWarmUp) continue;
    upstream_woke.push_back(Micros(wake->at - *hung_up));
    front_returned.push_back(Micros(*returned - *hung_up));
  }
  std::printf("load average (1 min): %.2f before, %.2f after\n", load_before, LoadAverage());
  std::printf("trials %d  upstream contexts cancelled %d/%d  front calls Canceled %d/%d\n", trials,
              servers.probe.Cancelled() - kWarmUp, trials, servers.front.Canceled() - kWarmUp,
              trials);
  PrintFigures("hang-up -> upstream's handler woke", upstream_woke);
  PrintFigures("hang-up -> front's call returned", front_returned);
  return servers.probe.Cancelled() == kWarmUp + trials ? 0 : 1;
}

// Waits (at most 1 s) for the descriptor count to fall back to `expected`: each server closes a
// connection's socket just after its handler returns.
std::size_t DescriptorsSettledAt(std::size_t expected) {
  std::size_t fds = CountEntries("/proc/self/fd");
  for (int i = 0; i < 1000 && fds > expected; ++i) {
    std::this_thread::sleep_for(1ms);
    fds = CountEntries("/proc/self/fd");
  }
  return fds;
}

int HangUps(int count) {
  {  // one hang-up on servers of their own first, to start the process's shared threads (the
     // contexts' timer), which live until the process ends
    TwoServers warm_up;
    if (!HangUpOnce(warm_up, 1) || !warm_up.front.WaitForReturned(1)) return 1;
  }
  const std::size_t threads_before = CountEntries("/proc/self/task");
  const std::size_t fds_before = CountEntries("/proc/self/fd");
  int cancelled = 0;
  int canceled_calls = 0;
  std::size_t threads_serving = 0;
  std::size_t fds_serving = 0;
  std::size_t fds_listening = 0;
  Clock::duration elapsed{};
  {
    TwoServers servers;
    fds_listening = CountEntries("/proc/self/fd");
    const auto start = Clock::now();
    for (int i = 1; i <= count; ++i) {
      // The front's call returns before the next trial starts: one hang-up at a time.
      if (!HangUpOnce(servers, i) || !servers.front.WaitForReturned(i)) return 1;
    }
    elapsed = Clock::now() - start;
    if (!servers.probe.WaitForFinished(count)) return 1;
    cancelled = servers.probe.Cancelled();
    canceled_calls = servers.front.Canceled();
    fds_serving = DescriptorsSettledAt(fds_listening);
    // A pool starts a worker when a connection finds none idle (the last one may still be on its
    // way back) and parks it until its server stops: more threads here is no leak by itself.
    threads_serving = CountEntries("/proc/self/task");
  }  // both servers stop: every thread they started must be joined, every socket closed
  const std::size_t threads_after = CountEntries("/proc/self/task");
  const std::size_t fds_after = DescriptorsSettledAt(fds_before);
  std::printf(
      "hang-ups %d in %.2f s  upstream contexts cancelled %d  front calls Canceled %d\n"
      "  threads %zu, %zu while serving, %zu once both servers stopped\n"
      "  descriptors %zu, %zu listening, %zu after the hang-ups, %zu once both servers stopped\n",
      count, std::chrono::duration<double>(elapsed).count(), cancelled, canceled_calls,
      threads_before, threads_serving, threads_after, fds_before, fds_listening, fds_serving,
      fds_after);
  const bool all_cancelled = cancelled == count && canceled_calls == count;
  const bool nothing_left =
      fds_serving == fds_listening && fds_after == fds_before && threads_after == threads_before;
  return all_cancelled && nothing_left ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "smoke";
  const int n = argc > 2 ? std::stoi(argv[2]) : 1000;
  if (mode == "latency") return Latency(n);
  if (mode == "hangups") return HangUps(n);
  if (mode == "smoke") return Latency(20) + HangUps(50);
  std::fprintf(stderr, "usage: upstream_hangup_bench latency|hangups|smoke [n]\n");
  return 2;
}
