// RunStatement: where a context meets SQLite. Chapter 5's exercise (query.cpp).
#pragma once

#include <sqlite3.h>

#include <expected>
#include <functional>
#include <system_error>

#include "context/context.h"

namespace tutorial {

// Called once per result row, with the statement positioned on that row.
using RowFunc = std::function<void(sqlite3_stmt* row)>;

// Steps `statement` (prepared on `connection`, its parameters bound) until it is done, passing
// every row to `on_row`. Returns nothing on success; ctx.Err() if `ctx` is done before the
// statement has finished, however long SQLite would still need; otherwise SQLite's error.
std::expected<void, std::error_code> RunStatement(const context::Context& ctx, sqlite3* connection,
                                                  sqlite3_stmt* statement, const RowFunc& on_row);

}  // namespace tutorial
