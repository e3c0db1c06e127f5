// hangup_bench: how fast and how reliably http::Server turns a client's hang-up into the
// cancellation of its request's context. Results and how to read them: bench/README.md.
//
//   hangup_bench latency [trials]      hang-up -> the handler sees ctx.Done(): p50/p99/max,
//                                      for a full close and for a reset (default 500 trials each)
//   hangup_bench disconnects [n]       n abrupt disconnects (default 10000): all cancelled? threads
//                                      and descriptors back to their baseline?
//   hangup_bench capacity              N workers, 3N slow requests whose clients hang up, then one
//                                      fast request: how long does it wait?
//   hangup_bench serve-adapter PORT    a trivial handler through the adapter, for wrk
//   hangup_bench serve-bare PORT       the same handler on bare cpp-httplib, for wrk
//   hangup_bench smoke                 a few of each, for ctest
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "http/server.h"
#include "httptest/raw_client.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A handler that waits for its request to be cancelled (at most 10 s) and records when it woke.
class CancellationProbe {
 public:
  http::HandlerFunc Handler() {
    return [this](http::ResponseWriter&, const http::Request& r) {
      Update([&] { ++started_; });
      std::mutex mutex;
      std::condition_variable_any never_notified;
      std::unique_lock lock(mutex);
      const std::stop_token& done = r.Context().Done();
      never_notified.wait_for(lock, done, 10s, [&] { return done.stop_requested(); });
      const auto woke = Clock::now();
      const bool cancelled = done.stop_requested();
      Update([&] {
        ++finished_;
        if (cancelled) ++cancelled_;
        last_woke_ = woke;
      });
    };
  }

  bool WaitForStarted(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 10s, [&] { return started_ >= count; });
  }
  // When the count-th handler woke up, or nullopt if it did not finish in time.
  std::optional<Clock::time_point> WaitForFinished(int count) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, 10s, [&] { return finished_ >= count; })) return std::nullopt;
    return last_woke_;
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
  Clock::time_point last_woke_;
};

enum class HangUp { kClose, kReset };

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

double Percentile(std::vector<double> sorted, double p) {
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[index];
}

int Latency(int trials) {
  for (const HangUp how : {HangUp::kClose, HangUp::kReset}) {
    CancellationProbe probe;
    http::Server server(probe.Handler());
    const int port = server.Start().value();
    std::vector<double> micros;
    for (int i = 1; i <= trials; ++i) {
      auto client = httptest::RawClient::Connect(port).value();
      if (!client.SendRequest() || !probe.WaitForStarted(i)) return 1;
      const auto hung_up = Clock::now();
      how == HangUp::kClose ? client.Close() : client.Reset();
      const auto woke = probe.WaitForFinished(i);
      if (!woke) {
        std::printf("trial %d: the handler was never cancelled\n", i);
        return 1;
      }
      micros.push_back(Micros(*woke - hung_up));
    }
    std::ranges::sort(micros);
    std::printf("%-10s trials %5d  p50 %7.1f us  p99 %7.1f us  max %7.1f us  cancelled %d\n",
                how == HangUp::kClose ? "close" : "reset", trials, Percentile(micros, 0.5),
                Percentile(micros, 0.99), micros.back(), probe.Cancelled());
  }
  return 0;
}

std::size_t CountEntries(const char* directory) {
  return static_cast<std::size_t>(
      std::ranges::distance(std::filesystem::directory_iterator(directory)));
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
int Serve(bool through_adapter, int port) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  int received = 0;
  if (through_adapter) {
    http::ServerOptions options;
    options.port = port;
    http::Server server(
        [](http::ResponseWriter& w, const http::Request&) { w.Write("hello, world"); }, options);
    if (!server.Start()) return 1;
    sigwait(&stop, &received);
    return 0;
  }
  // Bare cpp-httplib, with the same pool size and TCP_NODELAY, so only the adapter differs.
  httplib::Server server;
  server.new_task_queue = [] {
    return new httplib::ThreadPool(64);
  };
  server.set_tcp_nodelay(true);
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hello, world", "text/plain; charset=utf-8");
  });
  if (!server.bind_to_port("127.0.0.1", port)) return 1;
  std::thread listener([&] { server.listen_after_bind(); });
  sigwait(&stop, &received);
  server.stop();
  listener.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "smoke";
  const auto number = [&](int fallback) {
    return argc > 2 ? std::stoi(argv[2]) : fallback;
  };
  if (mode == "latency") return Latency(number(500));
  if (mode == "disconnects") return Disconnects(number(10'000));
  if (mode == "capacity") return Capacity(static_cast<std::size_t>(number(8)));
  if (mode == "serve-adapter") return Serve(true, number(8081));
  if (mode == "serve-bare") return Serve(false, number(8082));
  if (mode == "smoke") return Latency(20) + Disconnects(100) + Capacity(2);
  std::fprintf(
      stderr,
      "usage: hangup_bench latency|disconnects|capacity|serve-adapter|serve-bare|smoke [n]\n");
  return 2;
}
