// spies: SQL that keeps SQLite busy for a set time, whatever the machine's speed.
//
// A recursive CTE that counts is the classic "long query", but how long it runs depends on the
// CPU and its load. These helpers count until a wall-clock budget is spent instead: every row
// asks the function steady_ms() (the process's steady clock, in milliseconds), which
// RegisterSteadyClock() adds to every SQLite connection the process opens from then on.
// SQLite keeps stepping through rows the whole time, so a context that stops the statement
// stops it at once, and a statement nobody stops still ends, and its test fails instead of
// hanging.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace spies {

namespace detail {
inline void SteadyMs(sqlite3_context* result, int, sqlite3_value**) {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  sqlite3_result_int64(result, std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}
inline int AddSteadyMs(sqlite3* connection, char**, const sqlite3_api_routines*) {
  // Not SQLITE_DETERMINISTIC: SQLite must call it again for every row. Innocuous (it reads
  // only a clock), so the test databases may use it in a view.
  return sqlite3_create_function(connection, "steady_ms", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                 nullptr, SteadyMs, nullptr, nullptr);
}
}  // namespace detail

// Makes steady_ms() available on every connection opened after this call. Idempotent.
inline void RegisterSteadyClock() {
  // SQLite's auto-extension entry point is declared as void(void) for historical reasons.
  sqlite3_auto_extension(reinterpret_cast<void (*)()>(&detail::AddSteadyMs));
}

// A subquery that yields one row per tick for `budget` of wall-clock time: (tick).
inline std::string TicksFor(std::chrono::milliseconds budget) {
  return "WITH RECURSIVE clock(tick, started, now) AS ("
         " SELECT 1, steady_ms(), steady_ms()"
         " UNION ALL SELECT tick + 1, started, steady_ms() FROM clock"
         " WHERE now - started < " +
         std::to_string(budget.count()) + ") SELECT tick FROM clock";
}

// One row, one column: how many ticks `budget` lasted.
inline std::string CountFor(std::chrono::milliseconds budget) {
  return "SELECT count(*) FROM (" + TicksFor(budget) + ")";
}

}  // namespace spies
