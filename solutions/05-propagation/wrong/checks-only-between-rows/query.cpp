// wrong turn [plain]: a context checked between result rows only, never inside sqlite3_step
//
// Asking ctx.Err() after every row looks like enough, and for a statement that returns many
// rows quickly it is. But one sqlite3_step can run for seconds before it yields a single row (a
// count, a sort, a slow view): the loop never gets to ask. Only SQLite itself can check while it
// works, through a progress handler.
#include "query.h"

#include "database.h"

namespace tutorial {

std::expected<void, std::error_code> RunStatement(const context::Context& ctx, sqlite3* connection,
                                                  sqlite3_stmt* statement, const RowFunc& on_row) {
  (void)connection;
  int result = SQLITE_OK;
  while ((result = sqlite3_step(statement)) == SQLITE_ROW) {
    if (ctx.Err()) return std::unexpected(ctx.Err());
    on_row(statement);
  }
  if (ctx.Err()) return std::unexpected(ctx.Err());
  if (result == SQLITE_DONE) return {};
  return std::unexpected(SqliteError(result));
}

}  // namespace tutorial
