// tutorial::Database: one SQLite connection to a file, every call of which takes a context.
//
//   auto db = tutorial::Database::Open(dir / "users.db").value();
//   auto rows = db.Query(ctx, "SELECT name FROM users WHERE id = ?1", {7});
//
// A call whose context is already done returns ctx.Err() without touching the database; a call
// whose context is done while SQLite works stops there (that is RunStatement's job, query.h), and
// so does a call waiting for another connection's write lock (it waits up to 5 s otherwise).
// Like a std::string, a Database may move between threads but is used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include "context/context.h"

namespace tutorial {

// SQLite's result codes (SQLITE_BUSY, SQLITE_INTERRUPT...) as std::error_code values.
const std::error_category& sqlite_category() noexcept;
inline std::error_code SqliteError(int result_code) noexcept {
  return {result_code, sqlite_category()};
}

using Param = std::variant<std::int64_t, std::string>;  // bound to ?1, ?2... in order
using Row = std::vector<std::string>;                   // one result row, NULL read as ""

class Database {
 public:
  // Opens (or creates) the database file, in WAL mode so that readers and a writer on other
  // connections do not wait for each other.
  static std::expected<Database, std::error_code> Open(const std::filesystem::path& file);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs every statement of `sql` in turn (separated by ';'), stopping at the first failure.
  std::expected<void, std::error_code> Exec(const context::Context& ctx, std::string_view sql);

  // Runs one statement with `params` bound to ?1, ?2... and returns all its rows.
  std::expected<std::vector<Row>, std::error_code> Query(const context::Context& ctx,
                                                         std::string_view sql,
                                                         std::initializer_list<Param> params = {});

  // Runs `work` between BEGIN and COMMIT. If `work` fails (say its context is done), everything
  // it wrote is rolled back: the database never keeps half of a transaction.
  std::expected<void, std::error_code> Transaction(
      const context::Context& ctx,
      const std::function<std::expected<void, std::error_code>(Database&)>& work);

 private:
  explicit Database(sqlite3* connection) noexcept : connection_(connection) {}

  sqlite3* connection_ = nullptr;
};

}  // namespace tutorial
