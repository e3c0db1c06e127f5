// SqliteStore: the chapter's real store, on a SQLite file.
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

std::expected<Database, std::error_code> SqliteStore::Take() {
  {
    const std::scoped_lock lock(mutex_);
    if (!idle_.empty()) {
      Database connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return Database::Open(file_);  // outside the lock: opening a file takes a while
}

void SqliteStore::GiveBack(Database connection) {
  const std::scoped_lock lock(mutex_);
  idle_.push_back(std::move(connection));
}

std::expected<std::optional<User>, std::error_code> SqliteStore::Get(const context::Context& ctx,
                                                                     std::int64_t id) {
  auto db = Take();
  if (!db) return std::unexpected(db.error());
  const auto rows = db->Query(ctx, "SELECT name FROM users WHERE id = ?1", {id});
  GiveBack(std::move(*db));  // a stopped statement leaves the connection as good as new
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return User{.id = id, .name = rows->front().at(0)};
}

std::expected<void, std::error_code> SqliteStore::Append(const context::Context& ctx,
                                                         const AuditEntry& entry) {
  auto db = Take();
  if (!db) return std::unexpected(db.error());
  const auto inserted = db->Query(ctx, "INSERT INTO audit(request, outcome) VALUES (?1, ?2)",
                                  {entry.request, entry.outcome});
  GiveBack(std::move(*db));
  if (!inserted) return std::unexpected(inserted.error());
  return {};
}

}  // namespace tutorial
