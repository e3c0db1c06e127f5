// Chapter 5, solved: a running SQL statement stops when its context is done.
//
// SQLite calls a "progress handler" every kInstructionsPerCheck virtual-machine instructions
// (a few microseconds apart) on the thread that runs the statement; when the handler returns
// non-zero, the statement stops with SQLITE_INTERRUPT. Ours asks the context's stop token.
//
// Why not a std::stop_callback calling sqlite3_interrupt(connection)? It is the obvious Go-like
// translation, but an interrupt that arrives just before the first sqlite3_step is forgotten
// (SQLite clears it when a statement starts on an idle connection), so a cancel can be lost;
// and it calls into the connection from another thread, which is safe only while the
// connection is open. Polling the token has neither problem. See README.md.
#include "query.h"

#include <stop_token>

#include "database.h"

namespace tutorial {
namespace {

// Small enough to stop within microseconds, large enough to cost nothing measurable.
constexpr int kInstructionsPerCheck = 1000;

int StopIfRequested(void* token) {
  return static_cast<const std::stop_token*>(token)->stop_requested() ? 1 : 0;
}

// Installs the handler for one statement: a connection has a single progress handler, and it
// must not outlive the token it points to.
class ProgressCheck {
 public:
  ProgressCheck(sqlite3* connection, const std::stop_token& token) : connection_(connection) {
    sqlite3_progress_handler(connection_, kInstructionsPerCheck, StopIfRequested,
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
  while ((result = sqlite3_step(statement)) == SQLITE_ROW) {
    if (ctx.Err()) return std::unexpected(ctx.Err());  // between rows, nobody asks SQLite
    on_row(statement);
  }
  if (result == SQLITE_DONE) return {};
  // Interrupted by our check: say why the context ended, not what SQLite saw.
  if (result == SQLITE_INTERRUPT && ctx.Err()) return std::unexpected(ctx.Err());
  return std::unexpected(SqliteError(result));
}

}  // namespace tutorial
