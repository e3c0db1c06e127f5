// hangup_sql: chapter 5's figure. How long after a client hangs up does the SQL statement it was
// waiting for stop? Results and how to read them: bench/README.md, section "Chapter 5".
//
//   hangup_sql [trials]    default 1000: p50/p90/p99/max of hang-up -> UserStore::Get returns
//   hangup_sql smoke       a few trials, for ctest
//
// The server is chapter 5's solved handler on http::Server; the store is SqliteStore on a file in
// a temporary directory, whose user lookups keep SQLite busy for 10 s (spies::UserDatabase). Each
// trial: connect, ask for a user, wait until the store's Get has started plus 2 ms so that the
// statement is surely running inside SQLite, then close() the socket. The clock runs from just
// before close() to the moment Get returns, with its error. A trial counts only if that error is
// context::Canceled.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cache.h"
#include "http/server.h"
#include "httptest/raw_client.h"
#include "server.h"
#include "spies/ch05/recording_user_store.h"
#include "spies/ch05/user_database.h"
#include "user_service.h"
#include "user_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double Percentile(std::vector<double> sorted_us, double p) {
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted_us.size() - 1));
  return sorted_us[index];
}

int Measure(int trials) {
  spies::UserDatabase database;
  database.MakeLookupsTake(10s);
  tutorial::SqliteStore sqlite(database.File());
  spies::RecordingUserStore store(sqlite);
  tutorial::MemoryCache cache;  // always a miss: every request goes to SQLite
  tutorial::UserService service(store, cache);
  tutorial::AuditLog audit(sqlite);
  http::Server server(tutorial::Server(service, audit, 30s));
  const int port = server.Start().value();

  std::vector<double> micros;
  int not_cancelled = 0;
  for (int trial = 0; trial < trials; ++trial) {
    store.Reset();
    auto client = httptest::RawClient::Connect(port).value();
    if (!client.SendRequest("GET", "/users/1") || !store.WaitForGetToStart(5s)) {
      std::fprintf(stderr, "trial %d: the request never reached the store\n", trial);
      return 1;
    }
    std::this_thread::sleep_for(2ms);  // the statement is now deep inside SQLite
    const auto hung_up = Clock::now();
    client.Close();
    const auto ended = store.WaitForGetToEnd(5s);
    if (!ended || *ended != context::Canceled) {
      ++not_cancelled;
      continue;
    }
    micros.push_back(
        std::chrono::duration<double, std::micro>(*store.LastEndedAt() - hung_up).count());
  }
  if (micros.empty()) {
    std::fprintf(stderr, "no trial was cancelled\n");
    return 1;
  }
  std::ranges::sort(micros);
  std::printf("hang-up -> SQL statement stopped (UserStore::Get returned Canceled), %zu trials\n",
              micros.size());
  std::printf("  p50 %8.1f us\n  p90 %8.1f us\n  p99 %8.1f us\n  max %8.1f us\n",
              Percentile(micros, 0.50), Percentile(micros, 0.90), Percentile(micros, 0.99),
              micros.back());
  if (not_cancelled > 0) std::printf("  %d trials not cancelled (see above)\n", not_cancelled);
  return not_cancelled == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "smoke") return Measure(5);
  const int trials = mode.empty() ? 1000 : std::stoi(std::string(mode));
  return Measure(trials);
}
