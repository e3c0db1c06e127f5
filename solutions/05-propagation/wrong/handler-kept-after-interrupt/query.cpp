// wrong turn [plain]: a progress handler that an interrupted statement leaves installed
//
// The removal is a call at the end of the happy path instead of a destructor, and the early
// return for a done context skips it. It is exactly the path the handler exists for: after every
// stopped statement the connection keeps a handler that points at a cancelled token, and the
// next statement stepped on it without a handler of its own is interrupted at its first check
// (Query.LeavesNoProgressHandlerOnTheConnection). A RAII guard removes it on every path.
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
  if (result == SQLITE_INTERRUPT && ctx.Err()) return std::unexpected(ctx.Err());
  sqlite3_progress_handler(connection, 0, nullptr, nullptr);
  if (result == SQLITE_DONE) return {};
  return std::unexpected(SqliteError(result));
}

}  // namespace tutorial
