// audit_flush: chapter 5's audit log under a burst. How long do N entries take to record, and to
// write when the log is destroyed (a server shutting down)? Side by side in one run: the log's
// batches (one SQLite transaction per batch) and the same log with one transaction per entry.
//
//   audit_flush [entries]   default 5000 (one transaction per entry takes ~5 ms each)
//   audit_flush smoke       100 entries, for ctest
//
// The store is SqliteStore on a file in a temporary directory (spies::UserDatabase). "record" is
// the time the recording thread spends in Record() (it waits when the queue is full), "flush"
// the time the log's destructor takes to write what is still queued.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "audit_log.h"
#include "context/context.h"
#include "spies/ch05/user_database.h"
#include "user_store.h"

namespace {

using Clock = std::chrono::steady_clock;

// SqliteStore's Append, one statement and so one transaction per entry: AuditStore's default
// AppendAll, which is what the log did before it wrote batches.
class OneTransactionPerEntry final : public tutorial::AuditStore {
 public:
  explicit OneTransactionPerEntry(tutorial::SqliteStore& store) : store_(store) {}
  std::expected<void, std::error_code> Append(const context::Context& ctx,
                                              const tutorial::AuditEntry& entry) override {
    return store_.Append(ctx, entry);
  }

 private:
  tutorial::SqliteStore& store_;
};

double Milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

void Measure(std::string_view name, bool batches, int entries) {
  spies::UserDatabase database;
  tutorial::SqliteStore sqlite(database.File());
  OneTransactionPerEntry per_entry(sqlite);
  tutorial::AuditStore& store = batches ? static_cast<tutorial::AuditStore&>(sqlite) : per_entry;

  std::optional<tutorial::AuditLog> audit(std::in_place, store);
  const auto started = Clock::now();
  for (int i = 0; i < entries; ++i) {
    audit->Record(context::Background(),
                  {.request = "GET /users/" + std::to_string(i), .outcome = "200"});
  }
  const auto recorded = Clock::now();
  audit.reset();  // the destructor writes what is still queued, then joins the worker
  const auto flushed = Clock::now();

  const auto rows = database.AuditLines().size();
  std::printf("%-28.*s %8d %12.1f %12.1f %10zu\n", static_cast<int>(name.size()), name.data(),
              entries, Milliseconds(recorded - started), Milliseconds(flushed - recorded), rows);
  if (rows != static_cast<std::size_t>(entries)) {
    std::fprintf(stderr, "audit_flush: %zu of %d entries written\n", rows, entries);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view argument = argc > 1 ? argv[1] : "";
  const int entries = argument == "smoke" ? 100 : argument.empty() ? 5000 : std::atoi(argv[1]);
  if (entries <= 0) {
    std::fprintf(stderr, "usage: audit_flush [entries | smoke]\n");
    return 2;
  }
  std::printf("%-28s %8s %12s %12s %10s\n", "writer", "entries", "record ms", "flush ms", "rows");
  Measure("one transaction per batch", true, entries);
  Measure("one transaction per entry", false, entries);
}
