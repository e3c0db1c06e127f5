// hangup_bench: how fast and how reliably http::Server turns a client's hang-up into the
// cancellation of its request's context. Results and how to read them: bench/README.md.
//
//   hangup_bench latency [trials]      hang-up -> the handler sees ctx.Done(): p50/p99/max,
//                                      for a full close and for a reset (default 500 trials each,
//                                      taken in turns after 100 unreported warm-up trials), and
//                                      how much of it the handler spent waiting for a CPU
//   hangup_bench disconnects [n]       n abrupt disconnects (default 10000): all cancelled? threads
//                                      and descriptors back to their baseline?
//   hangup_bench capacity              N workers, 3N slow requests whose clients hang up, then one
//                                      fast request: how long does it wait?
//   hangup_bench serve-adapter PORT [R]  a trivial handler through the adapter, for wrk; R requests
//                                        per connection before the server closes it (default 100)
//   hangup_bench serve-bare PORT [R]     the same handler on bare cpp-httplib, for wrk
//   hangup_bench smoke                 a few of each, for ctest
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hangup_probe.h"
#include "http/server.h"
#include "http/stop_signals.h"
#include "httptest/raw_client.h"

namespace {

using namespace std::chrono_literals;
using bench::CancellationProbe;
using bench::Clock;
using bench::CountEntries;
using bench::LoadAverage;
using bench::Micros;
using bench::Percentile;

enum class HangUp { kClose, kReset };

// One kind of hang-up's figures.
struct Trials {
  std::vector<double> micros;              // hang-up -> the handler woke
  std::vector<double> micros_without_cpu;  // the same, minus the handler's wait for a CPU
  int waited_over_1ms_for_cpu = 0;
  int cancelled = 0;

  void Print(const char* how) {
    std::ranges::sort(micros);
    std::ranges::sort(micros_without_cpu);
    std::printf(
        "%-6s trials %4zu  p50 %7.1f us  p99 %7.1f us  max %7.1f us  cancelled %d\n"
        "       minus the handler's wait for a CPU: p50 %7.1f us  p99 %7.1f us  max %7.1f us"
        "  (%d trials waited > 1 ms for a CPU)\n",
        how, micros.size(), Percentile(micros, 0.5), Percentile(micros, 0.99), micros.back(),
        cancelled, Percentile(micros_without_cpu, 0.5), Percentile(micros_without_cpu, 0.99),
        micros_without_cpu.back(), waited_over_1ms_for_cpu);
  }
};

// Closes and resets take turns on one server, after a warm-up that is not reported: the first
// few hundred trials of a fresh process are slower, whichever kind of hang-up comes first (with
// the kinds measured one after the other, that made the full close look slow).
int Latency(int trials) {
  constexpr int kWarmUp = 100;
  CancellationProbe probe;
  http::Server server(probe.Handler());
  const int port = server.Start().value();
  Trials closed;
  Trials reset;
  const double load_before = LoadAverage();
  for (int i = 1; i <= kWarmUp + 2 * trials; ++i) {
    const HangUp how = i % 2 == 0 ? HangUp::kClose : HangUp::kReset;
    auto client = httptest::RawClient::Connect(port).value();
    if (!client.SendRequest() || !probe.WaitForStarted(i)) return 1;
    const int cancelled_before = probe.Cancelled();
    const auto hung_up = Clock::now();
    how == HangUp::kClose ? client.Close() : client.Reset();
    const auto wake = probe.WaitForFinished(i);
    if (!wake) {
      std::printf("trial %d: the handler was never cancelled\n", i);
      return 1;
    }
    if (i <= kWarmUp) continue;
    Trials& figures = how == HangUp::kClose ? closed : reset;
    figures.micros.push_back(Micros(wake->at - hung_up));
    figures.micros_without_cpu.push_back(Micros(wake->at - hung_up - wake->run_queue_wait));
    if (wake->run_queue_wait > 1ms) ++figures.waited_over_1ms_for_cpu;
    figures.cancelled += probe.Cancelled() - cancelled_before;
  }
  std::printf("load average (1 min): %.2f before, %.2f after\n", load_before, LoadAverage());
  closed.Print("close");
  reset.Print("reset");
  return 0;
}

int Disconnects(int count) {
  CancellationProbe probe;
  http::Server server(probe.Handler());
  const int port = server.Start().value();
  // The baseline: descriptors before any connection, threads once the pool has started.
  const std::size_t fds_before = CountEntries("/proc/self/fd");
  {  // one cancelled request first, so that the pool's threads exist
    auto warm_up = httptest::RawClient::Connect(port).value();
    if (!warm_up.SendRequest() || !probe.WaitForStarted(1)) return 1;
    warm_up.Close();
    if (!probe.WaitForFinished(1)) return 1;
  }
  const std::size_t threads_before = CountEntries("/proc/self/task");
  const auto start = Clock::now();
  for (int i = 2; i <= count + 1; ++i) {
    auto client = httptest::RawClient::Connect(port).value();
    if (!client.SendRequest() || !probe.WaitForStarted(i)) return 1;
    client.Reset();
    if (!probe.WaitForFinished(i)) {
      std::printf("disconnect %d: the handler was never cancelled\n", i);
      return 1;
    }
  }
  const auto elapsed = Clock::now() - start;
  // cpp-httplib closes a connection's socket just after its handler returns: give the last one a
  // bounded moment to do so.
  std::size_t fds_after = CountEntries("/proc/self/fd");
  for (int i = 0; i < 1000 && fds_after > fds_before; ++i) {
    std::this_thread::sleep_for(1ms);
    fds_after = CountEntries("/proc/self/fd");
  }
  std::printf(
      "disconnects %d  cancelled %d  in %.2f s  threads %zu -> %zu  descriptors %zu -> %zu\n",
      count, probe.Cancelled() - 1, std::chrono::duration<double>(elapsed).count(), threads_before,
      CountEntries("/proc/self/task"), fds_before, fds_after);
  return probe.Cancelled() - 1 == count && fds_after == fds_before ? 0 : 1;
}

int Capacity(std::size_t workers) {
  CancellationProbe probe;
  const http::HandlerFunc slow = probe.Handler();
  http::ServerOptions options;
  options.worker_threads = workers;
  http::Server server(
      [&](http::ResponseWriter& w, const http::Request& r) {
        if (r.target == "/slow") return slow(w, r);
        w.Write("fast");
      },
      options);
  const int port = server.Start().value();
  const int slow_requests = static_cast<int>(3 * workers);
  std::vector<httptest::RawClient> abandoned;
  for (int i = 0; i < slow_requests; ++i) {
    abandoned.push_back(httptest::RawClient::Connect(port).value());
    if (!abandoned.back().SendRequest("GET", "/slow")) return 1;
  }
  if (!probe.WaitForStarted(static_cast<int>(workers))) return 1;  // every worker is busy now
  for (auto& client : abandoned) client.Reset();
  const auto start = Clock::now();
  auto fast = httptest::RawClient::Connect(port).value();
  if (!fast.SendRequest("GET", "/fast")) return 1;
  const auto response = fast.ReadResponse(10s);
  const auto waited = Clock::now() - start;
  std::printf("workers %zu  abandoned slow requests %d  fast request answered: %s after %.1f us\n",
              workers, slow_requests, response ? response->body.c_str() : "NO", Micros(waited));
  return response ? 0 : 1;
}

// Serves a trivial handler until SIGINT/SIGTERM.
int Serve(bool through_adapter, int port, std::size_t requests_per_connection) {
  http::StopSignals stop;
  if (through_adapter) {
    http::ServerOptions options;
    options.port = port;
    options.max_requests_per_connection = requests_per_connection;
    http::Server server(
        [](http::ResponseWriter& w, const http::Request&) { w.Write("hello, world"); }, options);
    if (!server.Start()) return 1;
    stop.Wait();
    return 0;
  }
  // Bare cpp-httplib, with the same pool size, TCP_NODELAY and requests per connection, so only
  // the adapter differs.
  httplib::Server server;
  server.new_task_queue = [] {
    return new httplib::ThreadPool(64);
  };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(requests_per_connection);
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hello, world", "text/plain; charset=utf-8");
  });
  if (!server.bind_to_port("127.0.0.1", port)) return 1;
  std::thread listener([&] { server.listen_after_bind(); });
  stop.Wait();
  server.stop();
  listener.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "smoke";
  const auto number = [&](int fallback, int index = 2) {
    return argc > index ? std::stoi(argv[index]) : fallback;
  };
  const auto requests_per_connection = static_cast<std::size_t>(number(100, 3));
  if (mode == "latency") return Latency(number(500));
  if (mode == "disconnects") return Disconnects(number(10'000));
  if (mode == "capacity") return Capacity(static_cast<std::size_t>(number(8)));
  if (mode == "serve-adapter") return Serve(true, number(8081), requests_per_connection);
  if (mode == "serve-bare") return Serve(false, number(8082), requests_per_connection);
  if (mode == "smoke") return Latency(20) + Disconnects(100) + Capacity(2);
  std::fprintf(
      stderr,
      "usage: hangup_bench latency|disconnects|capacity|serve-adapter|serve-bare|smoke [n] [r]\n");
  return 2;
}
