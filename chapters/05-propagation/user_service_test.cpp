// Chapter 5: the service passes the context on, and gives its cache a shorter deadline of its
// own. These tests pass from the start: read them to see nested deadlines at work.
#include "user_service.h"

#include <gtest/gtest.h>

#include <chrono>

#include "cache.h"
#include "context/context.h"
#include "spies/ch05/recording_user_store.h"
#include "spies/ch05/slow_cache.h"
#include "spies/ch05/user_database.h"
#include "user_store.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class UserService : public ::testing::Test {
 protected:
  spies::UserDatabase database;  // 1 ada, 2 grace, 3 barbara
  tutorial::SqliteStore sqlite{database.File()};
  spies::RecordingUserStore store{sqlite};
};

TEST_F(UserService, AnswersFromTheCacheWithoutAskingTheStore) {
  tutorial::MemoryCache cache;
  ASSERT_TRUE(cache.Set(context::Background(), "user:1", "ada (cached)"));
  tutorial::UserService service(store, cache);

  const auto user = service.Get(context::Background(), 1);

  ASSERT_TRUE(user && *user);
  EXPECT_EQ((*user)->name, "ada (cached)");
  EXPECT_EQ(store.Calls(), 0);
}

TEST_F(UserService, AsksTheStoreOnAMissAndFillsTheCache) {
  tutorial::MemoryCache cache;
  tutorial::UserService service(store, cache);

  const auto user = service.Get(context::Background(), 2);

  ASSERT_TRUE(user && *user) << (user ? "no such user" : user.error().message());
  EXPECT_EQ(**user, (tutorial::User{.id = 2, .name = "grace"}));
  EXPECT_EQ(store.Calls(), 1);
  const auto cached = cache.Get(context::Background(), "user:2");
  ASSERT_TRUE(cached);
  EXPECT_EQ(*cached, std::optional<std::string>("grace"));
}

TEST_F(UserService, AnswersNobodyForAnUnknownUser) {
  tutorial::MemoryCache cache;
  tutorial::UserService service(store, cache);

  const auto user = service.Get(context::Background(), 99);

  ASSERT_TRUE(user) << user.error().message();
  EXPECT_EQ(*user, std::nullopt);
}

TEST_F(UserService, GivesUpOnASlowCacheAfterTheCacheTimeout) {
  spies::SlowCache cache(5s);
  tutorial::UserService service(store, cache, /*cache_timeout=*/20ms);
  const auto started = Clock::now();

  const auto user = service.Get(context::Background(), 1);

  ASSERT_TRUE(user && *user) << "the request had all the time it wanted: ask the store";
  EXPECT_EQ((*user)->name, "ada");
  EXPECT_EQ(cache.ErrorSeen(), context::DeadlineExceeded);
  EXPECT_LT(Clock::now() - started, 2s) << "nobody waits 5 s for a cache";
}

TEST_F(UserService, TheCacheTimeoutWinsWhenItIsNearer) {
  spies::SlowCache cache(5s);
  tutorial::UserService service(store, cache, /*cache_timeout=*/20ms);
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 10s);

  const auto user = service.Get(ctx, 1);

  ASSERT_TRUE(user && *user);
  ASSERT_TRUE(cache.DeadlineSeen());
  EXPECT_LT(*cache.DeadlineSeen(), *ctx.Deadline()) << "the cache's own 20 ms come first";
  cancel();
}

TEST_F(UserService, TheRequestsDeadlineWinsWhenItIsNearer) {
  spies::SlowCache cache(5s);
  tutorial::UserService service(store, cache, /*cache_timeout=*/1s);
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 50ms);

  const auto user = service.Get(ctx, 1);

  ASSERT_TRUE(cache.DeadlineSeen());
  EXPECT_EQ(*cache.DeadlineSeen(), *ctx.Deadline())
      << "a child's deadline is never later than its parent's";
  ASSERT_FALSE(user);
  EXPECT_EQ(user.error(), context::DeadlineExceeded);
  EXPECT_EQ(store.Calls(), 0) << "the request is over: do not start on the database";
  cancel();
}

}  // namespace
