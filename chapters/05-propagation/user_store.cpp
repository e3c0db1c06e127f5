// SqliteStore: every call opens its own connection, so that calls on many threads never share
// one, and stopping one statement can never touch another. (A busy server would keep a pool of
// connections; opening a SQLite file takes tens of microseconds, which is fine here.)
#include "user_store.h"

#include <string>

#include "database.h"

namespace tutorial {

std::expected<void, std::error_code> SqliteStore::CreateSchema(const std::filesystem::path& file) {
  auto db = Database::Open(file);
  if (!db) return std::unexpected(db.error());
  return db->Exec(context::Background(),
                  "CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                  "CREATE TABLE IF NOT EXISTS audit(request TEXT NOT NULL, outcome TEXT NOT NULL)");
}

std::expected<std::optional<User>, std::error_code> SqliteStore::Get(const context::Context& ctx,
                                                                     std::int64_t id) {
  auto db = Database::Open(file_);
  if (!db) return std::unexpected(db.error());
  const auto rows = db->Query(ctx, "SELECT name FROM users WHERE id = ?1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return User{.id = id, .name = rows->front().at(0)};
}

std::expected<void, std::error_code> SqliteStore::Append(const context::Context& ctx,
                                                         const AuditEntry& entry) {
  auto db = Database::Open(file_);
  if (!db) return std::unexpected(db.error());
  const auto inserted = db->Query(ctx, "INSERT INTO audit(request, outcome) VALUES (?1, ?2)",
                                  {entry.request, entry.outcome});
  if (!inserted) return std::unexpected(inserted.error());
  return {};
}

}  // namespace tutorial
