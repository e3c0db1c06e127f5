// hangup_sql: chapter 5's figure. How long after a client hangs up does the SQL statement it was
// waiting for stop? Results and how to read them: bench/README.md, section "Chapter 5".
//
//   hangup_sql [trials]    default 1000 (after 100 unreported warm-up trials): p50/p90/p99/max
//                          of hang-up -> UserStore::Get returns
//   hangup_sql smoke       a few trials, for ctest
//
// The server is chapter 5's solved handler on http::Server; the store is SqliteStore on a file in
// a temporary directory, whose user lookups keep SQLite busy for 10 s (spies::UserDatabase). Each
// trial: connect, ask for a user, wait until the store's Get has started plus 2 ms so that the
// statement is surely running inside SQLite, then close() the socket. The clock runs from just
// before close() to the moment Get returns, with its error. A trial counts only if that error is
// context::Canceled. The time is also split in two at the moment the request's context is
// cancelled (an AfterFunc on it): the server noticing the hang-up (chapter 4's part), then
// SQLite noticing the cancellation (the progress handler of chapter 5's RunStatement).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <expected>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "cache.h"
#include "context/context.h"
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

// Between the service and the recording store: notes when the request's context was cancelled.
// AfterFunc runs on the cancelling thread, here the server's hang-up watcher.
class CancelStamp final : public tutorial::UserStore {
 public:
  explicit CancelStamp(tutorial::UserStore& next) : next_(next) {}

  std::expected<std::optional<tutorial::User>, std::error_code> Get(const context::Context& ctx,
                                                                    std::int64_t id) override {
    const context::StopFunc stop = context::AfterFunc(ctx, [this] {
      const std::scoped_lock lock(mutex_);
      cancelled_at_ = Clock::now();
    });
    auto user = next_.Get(ctx, id);
    (void)stop();
    return user;
  }

  std::optional<Clock::time_point> Take() {
    const std::scoped_lock lock(mutex_);
    return std::exchange(cancelled_at_, std::nullopt);
  }

 private:
  tutorial::UserStore& next_;
  std::mutex mutex_;
  std::optional<Clock::time_point> cancelled_at_;
};

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

double Percentile(const std::vector<double>& sorted_us, double p) {
  const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted_us.size() - 1));
  return sorted_us[index];
}

void PrintRow(const char* what, std::vector<double> us) {
  std::ranges::sort(us);
  std::printf("  %-34s p50 %8.1f  p90 %8.1f  p99 %9.1f  max %9.1f us\n", what, Percentile(us, 0.50),
              Percentile(us, 0.90), Percentile(us, 0.99), us.back());
}

int Measure(int trials, int warm_up) {
  spies::UserDatabase database;
  database.MakeLookupsTake(10s);
  tutorial::SqliteStore sqlite(database.File());
  spies::RecordingUserStore store(sqlite);
  CancelStamp stamped(store);
  tutorial::MemoryCache cache;  // always a miss: every request goes to SQLite
  tutorial::UserService service(stamped, cache);
  tutorial::AuditLog audit(sqlite);
  http::Server server(tutorial::Server(service, audit, 30s));
  const int port = server.Start().value();

  std::vector<double> total;
  std::vector<double> noticed;  // hang-up -> the request's context is cancelled
  std::vector<double> stopped;  // cancelled -> the SQL statement has returned
  int not_cancelled = 0;
  for (int trial = -warm_up; trial < trials; ++trial) {
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
    if (trial < 0) continue;  // the first trials of a process are slower (bench/README.md)
    const auto returned = *store.LastEndedAt();
    const auto cancelled = stamped.Take().value_or(returned);
    total.push_back(Micros(returned - hung_up));
    noticed.push_back(Micros(cancelled - hung_up));
    stopped.push_back(Micros(returned - cancelled));
  }
  if (total.empty()) {
    std::fprintf(stderr, "no trial was cancelled\n");
    return 1;
  }
  std::printf("%zu hang-ups while a SQL statement ran:\n", total.size());
  PrintRow("hang-up -> statement stopped", total);
  PrintRow("  hang-up -> context cancelled", noticed);
  PrintRow("  context cancelled -> stopped", stopped);
  if (not_cancelled > 0) std::printf("  %d trials not cancelled (see above)\n", not_cancelled);
  return not_cancelled == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "smoke") return Measure(5, 0);
  const int trials = mode.empty() ? 1000 : std::stoi(std::string(mode));
  return Measure(trials, 100);
}
