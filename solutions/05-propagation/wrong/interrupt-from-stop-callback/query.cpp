// wrong turn [plain]: sqlite3_interrupt from a stop callback, which loses an early cancel
//
// This is the Go drivers' design translated word for word: a std::stop_callback on ctx.Done()
// interrupts the connection. It stops a statement that is already running. But SQLite clears a
// pending interrupt when a statement starts on an idle connection, and a std::stop_callback
// registered on a token that is already stopped runs at once, in its constructor: the interrupt
// lands before sqlite3_step and is wiped by it. A cancel that arrives between Database::Query's
// "is the context done?" check and the first step is forgotten, and the statement runs to its
// end. Query.StopsAStatementCancelledJustBeforeItsFirstStep makes that moment happen every time.
#include "query.h"

#include <stop_token>

#include "database.h"

namespace tutorial {

std::expected<void, std::error_code> RunStatement(const context::Context& ctx, sqlite3* connection,
                                                  sqlite3_stmt* statement, const RowFunc& on_row) {
  const std::stop_callback interrupt(ctx.Done(), [connection] { sqlite3_interrupt(connection); });
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
