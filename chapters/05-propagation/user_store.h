// Where the service's data lives. UserStore and AuditStore are what the service and the audit log
// need; SqliteStore is the real thing, on a SQLite file, and honours every context it is given.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "context/context.h"
#include "database.h"

namespace tutorial {

struct User {
  std::int64_t id = 0;
  std::string name;
  friend bool operator==(const User&, const User&) = default;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // The user with this id, std::nullopt if there is none, or an error: ctx.Err() if ctx was done
  // before the answer was ready, or the database's own failure.
  virtual std::expected<std::optional<User>, std::error_code> Get(const context::Context& ctx,
                                                                  std::int64_t id) = 0;
};

// One line of the audit log: which request, and how it ended ("200", "504", "client gone"...).
struct AuditEntry {
  std::string request;
  std::string outcome;
};

// An entry with the context it was recorded with (which may carry a trace id down to the store).
struct RecordedEntry {
  context::Context ctx;
  AuditEntry entry;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Appends the entry, or says why not (ctx.Err() if ctx was done before it was written).
  virtual std::expected<void, std::error_code> Append(const context::Context& ctx,
                                                      const AuditEntry& entry) = 0;

  // Appends a batch and says, entry by entry and in order, why one was not written (an empty
  // error_code when it was): one outcome for each entry of the batch. One Append each unless a
  // store can do better: SqliteStore writes the batch in one transaction, one disk sync instead of
  // one per entry.
  virtual std::vector<std::error_code> AppendAll(std::span<const RecordedEntry> batch);
};

class SqliteStore final : public UserStore, public AuditStore {
 public:
  // The tables the store reads and writes: users(id, name) and audit(request, outcome).
  static std::expected<void, std::error_code> CreateSchema(const std::filesystem::path& file);

  explicit SqliteStore(std::filesystem::path file) : file_(std::move(file)) {}

  std::expected<std::optional<User>, std::error_code> Get(const context::Context& ctx,
                                                          std::int64_t id) override;
  std::expected<void, std::error_code> Append(const context::Context& ctx,
                                              const AuditEntry& entry) override;
  std::vector<std::error_code> AppendAll(std::span<const RecordedEntry> batch) override;

 private:
  // A small pool: a call takes an idle connection (or opens one) and gives it back when done,
  // so a connection serves one thread at a time and stopping one statement touches no other.
  std::expected<Database, std::error_code> Take();
  void GiveBack(Database connection);

  std::filesystem::path file_;
  std::mutex mutex_;
  std::vector<Database> idle_;
};

}  // namespace tutorial
