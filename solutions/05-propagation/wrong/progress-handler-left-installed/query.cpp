// wrong turn [plain]: a progress handler left on the connection after its statement
//
// The handler is installed and never removed. A connection has one progress handler, and the
// store's pool hands the same connection to the next caller: whatever steps a statement on it
// without installing a handler of its own first (sqlite3_exec, a migration) is checked against
// this statement's token. If that context was cancelled, the statement is interrupted at its
// first check; if the context is gone, SQLite reads a token that no longer exists.
// Query.LeavesNoProgressHandlerOnTheConnection steps such a statement.
#include "query.h"

#include <stop_token>

#include "database.h"

namespace tutorial {
namespace {

int StopIfRequested(void* token) {
  return static_cast<const std::stop_token*>(token)->stop_requested() ? 1 : 0;
}

}  // namespace

std::expected<void, std::error_code> RunStatement(const context::Context& ctx, sqlite3* connection,
                                                  sqlite3_stmt* statement, const RowFunc& on_row) {
  sqlite3_progress_handler(connection, 1000, StopIfRequested,
                           const_cast<std::stop_token*>(&ctx.Done()));
  int result = SQLITE_OK;
  while ((result = sqlite3_step(statement)) == SQLITE_ROW) {
    if (ctx.Err()) return std::unexpected(ctx.Err());
    on_row(statement);
  }
  if (result == SQLITE_DONE) return {};
  if (result == SQLITE_INTERRUPT && ctx.Err()) return std::unexpected(ctx.Err());
  return std::unexpected(SqliteError(result));
}

}  // namespace tutorial
