// redis_cancel_bench: chapter 7's Redis figure. How long after cancel() does a Call blocked on
// Redis return, and does anything stay behind? Results: bench/README.md, section "Chapter 7".
//
//   redis_cancel_bench [trials]   default 1000 (after 100 unreported warm-up trials)
//   redis_cancel_bench smoke      a few trials, for ctest: fails if a cancel is lost or leaks
//
// A real redis-server (cancelkit_testing::RedisServer) and the solved Call. Each trial takes a
// connection from a redis::Pool, runs Call(ctx, "BLPOP jobs 0") on a thread of its own, waits
// until Redis reports the client blocked (INFO clients), then cancels. The clock runs from just
// before cancel() to the moment Call returns on its thread; a trial counts only if Call returned
// context::Canceled. The cancelled call's connection is broken, so every trial opens a new one:
// 1,000 trials are 1,000 cancels in a row, and at the end Redis must hold no blocked client, and
// the process must be back to its threads, descriptors and Redis connections of the start.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cancelkit_testing/redis_server.h"
#include "context/context.h"
#include "redis.h"
#include "redis_call.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kWarmUp = 100;

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

double Percentile(const std::vector<double>& sorted, double p) {
  return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
}

long Count(const char* directory) {
  const auto entries = std::filesystem::directory_iterator(directory);
  return std::distance(begin(entries), end(entries));
}
long Threads() {
  return Count("/proc/self/task");
}
long Descriptors() {
  return Count("/proc/self/fd") - 1;
}  // less the iterator's own

// One trial: the time from cancel() to Call's return, if Call returned context::Canceled.
std::optional<Clock::duration> CancelOneBlockedCall(const cancelkit_testing::RedisServer& server,
                                                    redis::Pool& pool) {
  auto lease = pool.Get();
  if (!lease) {
    std::fprintf(stderr, "no connection: %s\n", lease.error().message().c_str());
    return std::nullopt;
  }
  auto [ctx, cancel] = context::WithCancel(context::Background());
  std::error_code ended_with;
  Clock::time_point returned_at;
  std::thread caller([&, ctx = ctx] {
    auto reply = redis::Call(ctx, **lease, {"BLPOP", "jobs", "0"});
    returned_at = Clock::now();
    if (!reply) ended_with = reply.error();
  });
  const bool blocked = server.WaitForInfo("clients", "blocked_clients", 1);
  const auto cancelled_at = Clock::now();
  cancel();
  caller.join();
  if (!blocked || ended_with != context::Canceled) {
    std::fprintf(stderr, "trial failed: blocked %d, ended with %s\n", blocked,
                 ended_with.message().c_str());
    return std::nullopt;
  }
  return returned_at - cancelled_at;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  const bool smoke = mode == "smoke";
  const int trials = smoke ? 20 : (mode.empty() ? 1000 : std::stoi(std::string(mode)));
  const int warm_up = smoke ? 0 : kWarmUp;

  const cancelkit_testing::RedisServer server;
  redis::Pool pool(server.SocketPath());
  const long threads_before = Threads();
  const long descriptors_before = Descriptors();
  const auto clients_before = server.InfoNumber("clients", "connected_clients");

  std::vector<double> micros;
  int cancelled = 0;
  const auto started = Clock::now();
  for (int i = 0; i < warm_up + trials; ++i) {
    const auto latency = CancelOneBlockedCall(server, pool);
    if (latency) ++cancelled;
    if (latency && i >= warm_up) micros.push_back(Micros(*latency));
  }
  const auto elapsed = Clock::now() - started;

  // Redis notices a closed connection on its next turn: give it that, boundedly.
  const auto settle_started = Clock::now();
  const bool unblocked = server.WaitForInfo("clients", "blocked_clients", 0);
  const bool clients_back =
      clients_before && server.WaitForInfo("clients", "connected_clients", *clients_before);
  const auto settled_in = Clock::now() - settle_started;
  const long threads_after = Threads();
  const long descriptors_after = Descriptors();

  std::sort(micros.begin(), micros.end());
  std::printf("cancel -> a Call blocked on BLPOP returns (%d trials after %d warm-up, %.1f s)\n",
              trials, warm_up, std::chrono::duration<double>(elapsed).count());
  if (!micros.empty()) {
    std::printf("| p50 | p90 | p99 | max |\n| --- | --- | --- | --- |\n");
    std::printf("| %.0f us | %.0f us | %.0f us | %.0f us |\n", Percentile(micros, 0.5),
                Percentile(micros, 0.9), Percentile(micros, 0.99), micros.back());
  }
  std::printf("cancelled: %d/%d\n", cancelled, warm_up + trials);
  std::printf(
      "INFO clients after %.1f ms: blocked_clients:%lld connected_clients:%lld (%lld "
      "before)\n",
      std::chrono::duration<double, std::milli>(settled_in).count(),
      server.InfoNumber("clients", "blocked_clients").value_or(-1),
      server.InfoNumber("clients", "connected_clients").value_or(-1), clients_before.value_or(-1));
  std::printf("threads %ld -> %ld, descriptors %ld -> %ld\n", threads_before, threads_after,
              descriptors_before, descriptors_after);

  const bool clean = cancelled == warm_up + trials && unblocked && clients_back &&
                     threads_after == threads_before && descriptors_after == descriptors_before;
  if (!clean) std::printf("FAILED: a cancel was lost, or something stayed behind\n");
  return clean ? 0 : 1;
}
