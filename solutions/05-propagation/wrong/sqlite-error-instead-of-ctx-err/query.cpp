// wrong turn [plain]: a statement stopped for its context that reports SQLITE_INTERRUPT
//
// The statement does stop, but the caller learns only that SQLite was interrupted, not why. The
// handler above cannot tell a client who left (write nothing) from a deadline (504) from a real
// failure (500) any more: every stopped lookup becomes a 500. Return ctx.Err() when the context
// is the reason.
#include "query.h"

#include <stop_token>

#include "database.h"

namespace tutorial {
namespace {

int StopIfRequested(void* token) {
  return static_cast<const std::stop_token*>(token)->stop_requested() ? 1 : 0;
}

class ProgressCheck {
 public:
  ProgressCheck(sqlite3* connection, const std::stop_token& token) : connection_(connection) {
    sqlite3_progress_handler(connection_, 1000, StopIfRequested,
                             const_cast<std::stop_token*>(&token));
  }
  ProgressCheck(const ProgressCheck&) = delete;
  ProgressCheck& operator=(const ProgressCheck&) = delete;
  ~ProgressCheck() { sqlite3_progress_handler(connection_, 0, nullptr, nullptr); }

 private:
  sqlite3* connection_;
};

}  // namespace

std::expected<void, std::error_code> RunStatement(const context::Context& ctx, sqlite3* connection,
                                                  sqlite3_stmt* statement, const RowFunc& on_row) {
  const ProgressCheck check(connection, ctx.Done());
  int result = SQLITE_OK;
  while ((result = sqlite3_step(statement)) == SQLITE_ROW) on_row(statement);
  if (result == SQLITE_DONE) return {};
  return std::unexpected(SqliteError(result));
}

}  // namespace tutorial
