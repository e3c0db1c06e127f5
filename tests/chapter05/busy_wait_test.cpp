// While another connection holds SQLite's write lock, a statement waits for it: as long as its
// context lives (up to 5 s), and not a moment after its context is done.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "context/context.h"
#include "database.h"
#include "spies/ch05/user_database.h"

namespace {

using namespace std::chrono_literals;
using tutorial::Database;

constexpr const char* kInsert = "INSERT INTO audit(request, outcome) VALUES ('GET /', '200')";

TEST(BusyWait, GivesUpWithTheContextsErrorWhenTheContextEnds) {
  spies::UserDatabase users;
  Database holder = Database::Open(users.File()).value();
  holder.Exec(context::Background(), "BEGIN IMMEDIATE").value();  // holds the write lock
  Database writer = Database::Open(users.File()).value();
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 50ms);
  const auto started = std::chrono::steady_clock::now();

  const auto inserted = writer.Query(ctx, kInsert);

  // Not SQLITE_BUSY: the statement did not fail for the lock, it stopped because nobody waits.
  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error(), context::DeadlineExceeded);
  // A wait blind to its context would sit out its whole 5 s; this one ends with the 50 ms. The
  // bound is wide, so that a busy machine cannot fail a correct wait.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
}

TEST(BusyWait, WaitsLongerThanASecondForALongTransaction) {
  spies::UserDatabase users;
  Database holder = Database::Open(users.File()).value();
  holder.Exec(context::Background(), "BEGIN IMMEDIATE").value();
  // A transaction that takes 1.5 s, a second more than SQLite's usual busy timeout: the work
  // itself, not a way to wait for something.
  std::jthread long_transaction([&holder] {
    std::this_thread::sleep_for(1500ms);
    holder.Exec(context::Background(), "COMMIT").value();
  });
  Database writer = Database::Open(users.File()).value();

  const auto inserted = writer.Query(context::Background(), kInsert);

  EXPECT_TRUE(inserted.has_value()) << inserted.error().message();
}

}  // namespace
