// Chapter 5, step 1: a SQL statement stops when its context is done. These tests use
// tutorial::Database, and so your RunStatement (query.cpp), on a real database file.
#include "query.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "context/context.h"
#include "database.h"
#include "spies/cancel_after.h"
#include "spies/ch05/slow_sql.h"
#include "spies/ch05/temp_dir.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Without a context to stop it, every "long" statement here runs this long, then ends.
constexpr auto kLongStatement = 2s;
// A statement that stopped because its context did stops within microseconds; this limit is
// wide so that a busy machine cannot make the test fail.
constexpr auto kStopsWithin = 500ms;

Database OpenTestDatabase(const std::filesystem::path& file) {
  spies::RegisterSteadyClock();  // before the connection opens: it gets tick_ms()
  return Database::Open(file).value();
}

std::int64_t CountRows(Database& db, std::string_view table) {
  const auto rows = db.Query(context::Background(), "SELECT count(*) FROM " + std::string(table));
  return rows ? std::stoll(rows->at(0).at(0)) : -1;
}

// A bare SQLite connection and statement, for the test that calls RunStatement itself.
struct CloseConnection {
  void operator()(sqlite3* connection) const noexcept { sqlite3_close(connection); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

Connection OpenConnection(const std::filesystem::path& file) {
  sqlite3* connection = nullptr;
  const int opened = sqlite3_open(file.c_str(), &connection);
  Connection owned(connection);
  if (opened != SQLITE_OK) throw std::runtime_error(sqlite3_errstr(opened));
  return owned;
}

Statement Prepare(sqlite3* connection, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  const int prepared = sqlite3_prepare_v2(connection, sql.c_str(), -1, &statement, nullptr);
  Statement owned(statement);
  if (prepared != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(connection));
  return owned;
}

class Query : public ::testing::Test {
 protected:
  spies::TempDir dir;
  Database db = OpenTestDatabase(dir.Path() / "query_test.db");
};

TEST_F(Query, ReturnsTheRowsOfAStatement) {
  ASSERT_TRUE(db.Exec(context::Background(),
                      "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                      "INSERT INTO users VALUES (1, 'ada'), (2, 'grace');"));

  const auto rows = db.Query(context::Background(), "SELECT name FROM users WHERE id = ?1", {2});

  ASSERT_TRUE(rows) << rows.error().message();
  EXPECT_EQ(*rows, std::vector<Row>{{"grace"}});
}

TEST_F(Query, DoesNotStartWhenTheContextIsAlreadyDone) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();

  const auto rows = db.Query(ctx, spies::CountFor(kLongStatement));

  ASSERT_FALSE(rows);
  EXPECT_EQ(rows.error(), context::Canceled);
}

TEST_F(Query, StopsARunningStatementWhenItsContextIsCancelled) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  const spies::CancelAfter client_gives_up(50ms, cancel);
  const auto started = Clock::now();

  const auto rows = db.Query(ctx, spies::CountFor(kLongStatement));

  const auto took = Clock::now() - started;
  ASSERT_FALSE(rows) << "the statement ran to its end (" << (took / 1ms)
                     << " ms) although its context was cancelled after 50 ms";
  EXPECT_EQ(rows.error(), context::Canceled);
  EXPECT_LT(took, kStopsWithin);
}

TEST_F(Query, StopsARunningStatementWhenItsDeadlinePasses) {
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 50ms);
  const auto started = Clock::now();

  const auto rows = db.Query(ctx, spies::CountFor(kLongStatement));

  const auto took = Clock::now() - started;
  cancel();
  ASSERT_FALSE(rows) << "the statement ran to its end (" << (took / 1ms)
                     << " ms) although its deadline was 50 ms away";
  EXPECT_EQ(rows.error(), context::DeadlineExceeded);
  EXPECT_LT(took, kStopsWithin);
}

// The moment the lesson warns about (README.md, "An interrupt can be lost"): the context is
// cancelled after Database::Query has checked it and before the statement's first step. Here
// the test plays Database::Query: it prepares the statement, the client gives up, and only then
// does RunStatement start, every time in that order.
TEST_F(Query, StopsAStatementCancelledJustBeforeItsFirstStep) {
  Connection connection = OpenConnection(dir.Path() / "query_test.db");
  Statement statement = Prepare(connection.get(), spies::CountFor(kLongStatement));
  auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  const auto started = Clock::now();

  const auto ran = RunStatement(ctx, connection.get(), statement.get(), [](sqlite3_stmt*) {});

  const auto took = Clock::now() - started;
  EXPECT_LT(took, kStopsWithin) << "the statement kept running (" << (took / 1ms)
                                << " ms): the cancel that came before its first step was lost";
  ASSERT_FALSE(ran) << "the statement ran to its end although its context was cancelled";
  EXPECT_EQ(ran.error(), context::Canceled);
}

TEST_F(Query, LeavesTheConnectionUsableAfterAStoppedStatement) {
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 20ms);
  (void)db.Query(ctx, spies::CountFor(kLongStatement));
  cancel();

  const auto rows = db.Query(context::Background(), "SELECT 6 * 7");

  ASSERT_TRUE(rows) << rows.error().message();
  EXPECT_EQ(*rows, std::vector<Row>{{"42"}});
}

// Database always goes through RunStatement, which installs its own progress handler first, so
// a handler left behind would go unnoticed there. But other code may step statements on the same
// connection (sqlite3_exec, a migration tool): here sqlite3_step itself does.
TEST_F(Query, LeavesNoProgressHandlerOnTheConnection) {
  Connection connection = OpenConnection(dir.Path() / "query_test.db");
  auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  {
    const Statement stopped = Prepare(connection.get(), spies::CountFor(50ms));
    (void)RunStatement(ctx, connection.get(), stopped.get(), [](sqlite3_stmt*) {});
  }
  // Many thousand instructions, however loaded the machine: a handler left behind is called.
  const Statement next = Prepare(connection.get(), spies::CountTo(100'000));

  int result = SQLITE_OK;
  while ((result = sqlite3_step(next.get())) == SQLITE_ROW) {
  }

  EXPECT_EQ(result, SQLITE_DONE)
      << "the next statement stopped with \"" << sqlite3_errstr(result)
      << "\": the progress handler of a context that is over was still on the connection";
}

TEST_F(Query, RollsBackAWriteTransactionStoppedHalfway) {
  ASSERT_TRUE(db.Exec(context::Background(), "CREATE TABLE ticks(tick INTEGER NOT NULL)"));
  auto [ctx, cancel] = context::WithCancel(context::Background());
  std::optional<spies::CancelAfter> client_gives_up;
  const auto started = Clock::now();

  const auto written = db.Transaction(ctx, [&](Database& tx) {
    // A first statement that completes, then one that inserts rows for as long as it runs.
    if (auto first = tx.Exec(ctx, "INSERT INTO ticks VALUES (-1), (-2), (-3)"); !first) {
      return first;
    }
    // The client gives up 100 ms after the long statement is sent (counting from the start, a
    // loaded machine could let the time run out before it, and nothing would be halfway).
    client_gives_up.emplace(100ms, cancel);
    return tx.Exec(ctx, "INSERT INTO ticks SELECT tick FROM (" + spies::TicksFor(kLongStatement) +
                            ") WHERE tick % 100 = 0");
  });

  const auto took = Clock::now() - started;
  ASSERT_FALSE(written) << "the transaction was committed although it was cancelled";
  EXPECT_EQ(written.error(), context::Canceled);
  EXPECT_LT(took, kStopsWithin) << "the write went on to its end, for nobody";
  EXPECT_EQ(CountRows(db, "ticks"), 0) << "half a transaction was kept";
  const auto integrity = db.Query(context::Background(), "PRAGMA integrity_check");
  ASSERT_TRUE(integrity);
  EXPECT_EQ(*integrity, std::vector<Row>{{"ok"}});
  EXPECT_TRUE(db.Exec(context::Background(), "INSERT INTO ticks VALUES (1)"))
      << "the connection must be usable for the next write";
  EXPECT_EQ(CountRows(db, "ticks"), 1);
}

}  // namespace
}  // namespace tutorial
