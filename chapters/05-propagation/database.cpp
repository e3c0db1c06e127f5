// tutorial::Database: the plumbing around RunStatement (query.cpp), which does the real work.
#include "database.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "query.h"

namespace tutorial {
namespace {

class SqliteCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sqlite"; }
  std::string message(int result_code) const override { return sqlite3_errstr(result_code); }
};

struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

std::error_code Bind(sqlite3_stmt* statement, int index, const Param& param) {
  const int result = std::visit(
      [&](const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
          return sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()),
                                   SQLITE_TRANSIENT);
        } else {
          return sqlite3_bind_int64(statement, index, value);
        }
      },
      param);
  return result == SQLITE_OK ? std::error_code{} : SqliteError(result);
}

Row ReadRow(sqlite3_stmt* statement) {
  Row row;
  for (int column = 0; column < sqlite3_column_count(statement); ++column) {
    const auto* text = sqlite3_column_text(statement, column);
    row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  return row;
}

// While a statement runs, another connection may hold the write lock (the audit log commits
// while users are read). SQLite then calls this busy handler again and again until it returns 0:
// it waits in short steps, and stops waiting as soon as the statement's context is done, or after
// kLongestBusyWait for a context that never ends. SQLite's own sqlite3_busy_timeout would sleep on
// through a cancelled request.
class BusyWait {
 public:
  static constexpr std::chrono::milliseconds kLongestBusyWait{5000};
  static constexpr std::chrono::milliseconds kStep{5};

  BusyWait(sqlite3* connection, const context::Context& ctx) : connection_(connection), ctx_(ctx) {
    sqlite3_busy_handler(connection_, &BusyWait::OnBusy, this);
  }
  BusyWait(const BusyWait&) = delete;
  BusyWait& operator=(const BusyWait&) = delete;
  ~BusyWait() { sqlite3_busy_handler(connection_, nullptr, nullptr); }

 private:
  static int OnBusy(void* self, int /*times_called_before*/) {
    return static_cast<BusyWait*>(self)->WaitAStep() ? 1 : 0;
  }

  // Waits one step, waking at once if the context ends; false once waiting is pointless.
  bool WaitAStep() {
    if (ctx_.Err() || std::chrono::steady_clock::now() - started_ >= kLongestBusyWait) return false;
    std::mutex mutex;
    std::condition_variable_any never_notified;  // only the stop token or the step wakes it
    std::unique_lock lock(mutex);
    never_notified.wait_for(lock, ctx_.Done(), kStep, [] { return false; });
    return !ctx_.Err();
  }

  sqlite3* connection_;
  const context::Context& ctx_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// A statement that gave up waiting for a lock because its context ended failed for that reason.
std::error_code ReasonFor(std::error_code failure, const context::Context& ctx) {
  if (failure == SqliteError(SQLITE_BUSY) && ctx.Err()) return ctx.Err();
  return failure;
}

}  // namespace

const std::error_category& sqlite_category() noexcept {
  static const SqliteCategory category;
  return category;
}

std::expected<Database, std::error_code> Database::Open(const std::filesystem::path& file) {
  sqlite3* connection = nullptr;
  const int opened = sqlite3_open_v2(file.c_str(), &connection,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database db(connection);  // closes the connection on every path, even a failed open
  if (opened != SQLITE_OK) return std::unexpected(SqliteError(opened));
  if (auto wal = db.Exec(context::Background(), "PRAGMA journal_mode = WAL"); !wal) {
    return std::unexpected(wal.error());
  }
  return db;
}

Database::Database(Database&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
  std::swap(connection_, other.connection_);
  return *this;
}

Database::~Database() {
  sqlite3_close(connection_);
}  // a no-op on nullptr

std::expected<void, std::error_code> Database::Exec(const context::Context& ctx,
                                                    std::string_view sql) {
  while (!sql.empty()) {
    if (ctx.Err()) return std::unexpected(ctx.Err());  // done: do not even start
    sqlite3_stmt* prepared = nullptr;
    const char* rest = nullptr;
    const int result =
        sqlite3_prepare_v2(connection_, sql.data(), static_cast<int>(sql.size()), &prepared, &rest);
    const Statement statement(prepared);
    if (result != SQLITE_OK) return std::unexpected(SqliteError(result));
    sql.remove_prefix(static_cast<std::size_t>(rest - sql.data()));
    if (!statement) continue;  // only whitespace or a comment was left
    const BusyWait busy(connection_, ctx);
    if (auto ran = RunStatement(ctx, connection_, statement.get(), [](sqlite3_stmt*) {}); !ran) {
      return std::unexpected(ReasonFor(ran.error(), ctx));
    }
  }
  return {};
}

std::expected<std::vector<Row>, std::error_code> Database::Query(
    const context::Context& ctx, std::string_view sql, std::initializer_list<Param> params) {
  if (ctx.Err()) return std::unexpected(ctx.Err());
  sqlite3_stmt* prepared = nullptr;
  const int result =
      sqlite3_prepare_v2(connection_, sql.data(), static_cast<int>(sql.size()), &prepared, nullptr);
  const Statement statement(prepared);
  if (result != SQLITE_OK) return std::unexpected(SqliteError(result));
  int index = 1;
  for (const Param& param : params) {
    if (const auto error = Bind(statement.get(), index++, param)) return std::unexpected(error);
  }
  std::vector<Row> rows;
  const BusyWait busy(connection_, ctx);
  auto ran = RunStatement(ctx, connection_, statement.get(),
                          [&rows](sqlite3_stmt* row) { rows.push_back(ReadRow(row)); });
  if (!ran) return std::unexpected(ReasonFor(ran.error(), ctx));
  return rows;
}

std::expected<void, std::error_code> Database::Transaction(
    const context::Context& ctx,
    const std::function<std::expected<void, std::error_code>(Database&)>& work) {
  if (auto begun = Exec(ctx, "BEGIN IMMEDIATE"); !begun) return begun;
  auto done = work(*this);
  if (done) done = Exec(ctx, "COMMIT");  // a context done by now still means "write nothing"
  // SQLite rolls an interrupted write's transaction back by itself; any other failure leaves
  // the transaction open, and we close it. The cleanup must run although ctx may be done, so it
  // gets a context that keeps ctx's values but cannot be cancelled.
  if (!done && !sqlite3_get_autocommit(connection_)) {
    (void)Exec(context::WithoutCancel(ctx), "ROLLBACK");
  }
  return done;
}

}  // namespace tutorial
