// wrong turn [race]: a plain bool, set by a stop callback, read by the progress handler
//
// It looks careful: a std::stop_callback sets a flag, the progress handler reads it, and the
// handler is removed on every path. But the callback runs on the thread that cancels (the
// client's, or the timer thread for a deadline) while the statement's thread reads the flag: an
// unsynchronised write and read of the same bool, a data race, which the compiler may turn into
// a statement that never sees the flag. The stop token already is the synchronised flag: ask it.
#include "query.h"

#include <stop_token>

#include "database.h"

namespace tutorial {
namespace {

int StopIfFlagged(void* flag) {
  return *static_cast<bool*>(flag) ? 1 : 0;
}

struct RemoveProgressHandler {
  sqlite3* connection;
  ~RemoveProgressHandler() { sqlite3_progress_handler(connection, 0, nullptr, nullptr); }
};

}  // namespace

std::expected<void, std::error_code> RunStatement(const context::Context& ctx, sqlite3* connection,
                                                  sqlite3_stmt* statement, const RowFunc& on_row) {
  bool stop = false;
  const std::stop_callback set_flag(ctx.Done(), [&stop] { stop = true; });
  sqlite3_progress_handler(connection, 1000, StopIfFlagged, &stop);
  const RemoveProgressHandler remove{connection};
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
