// spies::UserDatabase: a real SQLite file with the chapter's schema and a few users, in a
// temporary directory of its own; and a way to give its database a bad day.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "database.h"
#include "spies/ch05/slow_sql.h"
#include "spies/ch05/temp_dir.h"
#include "user_store.h"

namespace spies {

class UserDatabase {
 public:
  // users: 1 ada, 2 grace, 3 barbara; audit: empty.
  UserDatabase() {
    RegisterSteadyClock();  // before any connection opens
    tutorial::SqliteStore::CreateSchema(File()).value();
    Exec("INSERT INTO users VALUES (1, 'ada'), (2, 'grace'), (3, 'barbara')");
  }

  const std::filesystem::path& File() const { return file_; }

  // From now on every lookup of a user keeps SQLite busy for `budget` before it answers: the
  // users table becomes a view that first counts clock ticks for that long.
  void MakeLookupsTake(std::chrono::milliseconds budget) {
    Exec(
        "ALTER TABLE users RENAME TO user_rows;"
        "CREATE VIEW users AS SELECT id, name FROM user_rows WHERE (" +
        CountFor(budget) + ") > 0");
  }

  // The audit log's lines, as "request -> outcome", oldest first.
  std::vector<std::string> AuditLines() {
    auto db = tutorial::Database::Open(file_).value();
    const auto rows =
        db.Query(context::Background(), "SELECT request, outcome FROM audit ORDER BY rowid")
            .value();
    std::vector<std::string> lines;
    for (const auto& row : rows) lines.push_back(row.at(0) + " -> " + row.at(1));
    return lines;
  }

 private:
  void Exec(const std::string& sql) {
    tutorial::Database::Open(file_).value().Exec(context::Background(), sql).value();
  }

  TempDir dir_;
  std::filesystem::path file_ = dir_.Path() / "users.db";
};

}  // namespace spies
