// spies: SQL that keeps SQLite busy for a set time, whatever the machine's speed.
//
// A recursive CTE that counts is the classic "long query", but how long it runs depends on the
// CPU and its load. These helpers count until a wall-clock budget is spent instead: every row
// asks the function tick_ms(), which RegisterSteadyClock() adds to every SQLite connection the
// process opens from then on. tick_ms() first waits a tenth of a millisecond, as a statement
// reading a slow disk would, then returns the steady clock in milliseconds: the statement keeps
// stepping through rows the whole time, so a context that stops it stops it at once, yet it
// leaves the CPU to whatever else runs (a chapter's tests run side by side). A statement nobody
// stops still ends, and its test fails instead of hanging.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace spies {

namespace detail {
// How long each row waits. Short beside what the tests measure (a stop within 500 ms), long
// beside the few microseconds of CPU a row costs: a slow statement uses about 3 % of a core.
inline constexpr std::chrono::microseconds kRowWait{100};

inline void TickMs(sqlite3_context* result, int, sqlite3_value**) {
  std::this_thread::sleep_for(kRowWait);
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  sqlite3_result_int64(result, std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}
inline int AddTickMs(sqlite3* connection, char**, const sqlite3_api_routines*) {
  // Not SQLITE_DETERMINISTIC: SQLite must call it again for every row. Innocuous (it reads
  // only a clock), so the test databases may use it in a view.
  return sqlite3_create_function(connection, "tick_ms", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, nullptr,
                                 TickMs, nullptr, nullptr);
}
}  // namespace detail

// Makes tick_ms() available on every connection opened after this call. Idempotent.
inline void RegisterSteadyClock() {
  // SQLite's auto-extension entry point is declared as void(void) for historical reasons.
  sqlite3_auto_extension(reinterpret_cast<void (*)()>(&detail::AddTickMs));
}

// A subquery that yields one row per tick for `budget` of wall-clock time: (tick).
inline std::string TicksFor(std::chrono::milliseconds budget) {
  return "WITH RECURSIVE clock(tick, started, now) AS ("
         " SELECT 1, tick_ms(), tick_ms()"
         " UNION ALL SELECT tick + 1, started, tick_ms() FROM clock"
         " WHERE now - started < " +
         std::to_string(budget.count()) + ") SELECT tick FROM clock";
}

// One row, one column: `rows`, counted one row at a time without a clock. A fixed amount of
// work (about eight virtual-machine instructions a row) where a test needs many instructions
// whatever the machine's load, as a progress handler's test does; no waiting in it.
inline std::string CountTo(std::int64_t rows) {
  return "WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < " +
         std::to_string(rows) + ") SELECT count(*) FROM numbers";
}

// One row, one column: how many ticks `budget` lasted.
inline std::string CountFor(std::chrono::milliseconds budget) {
  return "SELECT count(*) FROM (" + TicksFor(budget) + ")";
}

}  // namespace spies
