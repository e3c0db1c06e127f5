// SqliteStore: the chapter's real store, on a SQLite file.
#include "user_store.h"

#include <cstddef>
#include <string>
#include <utility>

#include "database.h"

namespace tutorial {
namespace {
constexpr const char* kInsertAuditEntry = "INSERT INTO audit(request, outcome) VALUES (?1, ?2)";
}  // namespace

std::vector<std::error_code> AuditStore::AppendAll(std::span<const RecordedEntry> batch) {
  std::vector<std::error_code> outcomes;
  outcomes.reserve(batch.size());
  for (const RecordedEntry& recorded : batch) {
    const auto appended = Append(recorded.ctx, recorded.entry);
    outcomes.push_back(appended ? std::error_code{} : appended.error());
  }
  return outcomes;
}

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
  const auto inserted = db->Query(ctx, kInsertAuditEntry, {entry.request, entry.outcome});
  GiveBack(std::move(*db));
  if (!inserted) return std::unexpected(inserted.error());
  return {};
}

std::vector<std::error_code> SqliteStore::AppendAll(std::span<const RecordedEntry> batch) {
  std::vector<std::error_code> outcomes(batch.size());
  auto db = Take();
  if (!db) {
    outcomes.assign(batch.size(), db.error());
    return outcomes;
  }
  // The batch's transaction belongs to the audit log, not to any one request: it has no end of
  // its own. Each entry keeps its own rule: one whose context is already done is not written.
  const auto committed = db->Transaction(
      context::Background(), [&](Database& tx) -> std::expected<void, std::error_code> {
        for (std::size_t i = 0; i < batch.size(); ++i) {
          if (const auto done = batch[i].ctx.Err()) {
            outcomes[i] = done;
            continue;
          }
          // Its values, not its end: an entry's context that ended now must not undo the others.
          const auto inserted = tx.Query(context::WithoutCancel(batch[i].ctx), kInsertAuditEntry,
                                         {batch[i].entry.request, batch[i].entry.outcome});
          if (!inserted) return std::unexpected(inserted.error());
        }
        return {};
      });
  GiveBack(std::move(*db));
  if (!committed) {  // rolled back: nothing of the batch was written
    for (auto& outcome : outcomes) {
      if (!outcome) outcome = committed.error();
    }
  }
  return outcomes;
}

}  // namespace tutorial
