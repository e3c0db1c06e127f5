// Chapter 7, step 1: Call (redis_call.h), the promises your redis_call.cpp must keep, each against
// a real Redis.
#include "redis_call.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <regex>
#include <string>

#include "context/context.h"
#include "redis.h"
#include "spies/ch07/redis_fixture.h"

namespace {

// Each test gets a redis-server of its own.
class Call : public spies::RedisTest {};
using redis::Reply;
using namespace std::chrono_literals;

TEST_F(Call, AnswersLikeCommandWhileTheContextLives) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 10s);
  EXPECT_EQ(redis::Call(ctx, *redis, {"SET", "k", "v"}), Reply::Status("OK"));
  EXPECT_EQ(redis::Call(ctx, *redis, {"GET", "k"}), Reply::String("v"));
  EXPECT_EQ(redis::Call(ctx, *redis, {"NO-SUCH-COMMAND"}).value_or(Reply::Nil()).kind,
            Reply::Kind::kError);
  EXPECT_FALSE(redis->IsBroken()) << "every reply was read: the connection is in step";
  cancel();
}

TEST_F(Call, WithAContextAlreadyDoneSendsNothing) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  EXPECT_EQ(redis::Call(ctx, *redis, {"SET", "sent", "yes"}), std::unexpected(context::Canceled));
  EXPECT_EQ(Admin({"GET", "sent"}), Reply::Nil()) << "the command reached Redis";
}

TEST_F(Call, CancelledWhileRedisIsSilentReturnsCanceledAndBreaksTheConnection) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  auto [ctx, cancel] = context::WithCancel(context::Background());
  auto call = std::async(std::launch::async, [&] {
    return redis::Call(ctx, *redis, {"BLPOP", "jobs", "0"});
  });
  ASSERT_TRUE(WaitUntilBlocked()) << "BLPOP never reached Redis";

  cancel();
  const auto result = ResultWithin(call);
  ASSERT_TRUE(result.has_value()) << "Call() still waited for Redis after the cancel";
  EXPECT_EQ(*result, std::unexpected(context::Canceled));
  EXPECT_TRUE(redis->IsBroken()) << "the BLPOP's reply may still come: never reuse it";
  EXPECT_TRUE(server_.WaitForInfo("clients", "blocked_clients", 0)) << "Redis still holds it";
}

TEST_F(Call, PastItsDeadlineReturnsDeadlineExceededAndBreaksTheConnection) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  // Long enough for the BLPOP to reach Redis first on a loaded machine: a call whose deadline
  // has passed before it sends anything rightly leaves its connection in step.
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 1s);
  auto call = std::async(std::launch::async, [&] {
    return redis::Call(ctx, *redis, {"BLPOP", "jobs", "0"});
  });
  ASSERT_TRUE(WaitUntilBlocked()) << "BLPOP never reached Redis";
  const auto result = ResultWithin(call, spies::kReturnLimit + 1s);
  ASSERT_TRUE(result.has_value()) << "Call() still waited for Redis after the deadline";
  EXPECT_EQ(*result, std::unexpected(context::DeadlineExceeded)) << "not a socket's timeout";
  EXPECT_TRUE(redis->IsBroken()) << "the BLPOP's reply may still come: never reuse it";
  cancel();
}

// The timeout belongs to one call: a call without a deadline waits as long as Redis takes.
TEST_F(Call, WithoutADeadlineKeepsNoTimeoutFromAnEarlierCall) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  {
    auto [ctx, cancel] = context::WithTimeout(context::Background(), 1s);
    ASSERT_EQ(redis::Call(ctx, *redis, {"PING"}), Reply::Status("PONG"));
    cancel();
  }
  // Redis itself gives up on this BLPOP after 2 s, twice the earlier deadline.
  EXPECT_EQ(redis::Call(context::Background(), *redis, {"BLPOP", "jobs", "2"}), Reply::Nil());
  EXPECT_FALSE(redis->IsBroken());
}

TEST_F(Call, APoolNeverLendsTheConnectionOfACancelledCall) {
  redis::Pool pool(server_.SocketPath());
  {
    auto lease = pool.Get();
    ASSERT_TRUE(lease.has_value()) << lease.error().message();
    auto [ctx, cancel] = context::WithCancel(context::Background());
    auto call = std::async(std::launch::async, [&] {
      return redis::Call(ctx, **lease, {"BLPOP", "jobs", "0"});
    });
    ASSERT_TRUE(WaitUntilBlocked());
    cancel();
    ASSERT_TRUE(ResultWithin(call).has_value());
  }
  EXPECT_EQ(pool.Idle(), 0u) << "the aborted connection went back to the pool";
  auto lease = pool.Get();
  ASSERT_TRUE(lease.has_value());
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 10s);
  EXPECT_EQ(redis::Call(ctx, **lease, {"PING"}), Reply::Status("PONG"));
  cancel();
}

// The limit of it all: cancelling stops our waiting, not Redis' work. A command Redis has
// started runs to its end, however early the client gave up on it.
TEST_F(Call, ACommandGivenUpOnStillRunsToItsEndInRedis) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  {
    auto [ctx, cancel] = context::WithTimeout(context::Background(), 200ms);
    EXPECT_EQ(redis::Call(ctx, *redis, {"DEBUG", "SLEEP", "0.5"}),
              std::unexpected(context::DeadlineExceeded));
    cancel();
  }
  // Answered once Redis (one thread) is done: it counts the whole 0.5 s against the command
  // whose client left after 0.2 s.
  const std::string stats = server_.Info("commandstats");
  std::smatch debug;
  ASSERT_TRUE(std::regex_search(stats, debug, std::regex(R"(cmdstat_debug:calls=1,usec=(\d+))")))
      << stats;
  EXPECT_GE(std::stoll(debug[1]), 500'000) << "DEBUG SLEEP stopped early";
}

}  // namespace
