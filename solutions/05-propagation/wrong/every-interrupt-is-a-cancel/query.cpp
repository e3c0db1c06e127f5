// wrong turn [plain]: a stopped statement that always reports context::Canceled
//
// A progress handler stops the statement, and SQLITE_INTERRUPT is turned into
// context::Canceled, because "we were cancelled" sounds right. But a context also ends at its
// deadline, and then the handler must answer 504, not write nothing as for a client who left.
// ctx.Err() says which of the two happened; a constant cannot.
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
  if (result == SQLITE_INTERRUPT) return std::unexpected(context::Canceled);
  return std::unexpected(SqliteError(result));
}

}  // namespace tutorial
