// The Redis client the learner builds on (chapters/07-network/redis.h), against a real Redis.
#include "redis.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <sstream>
#include <string>

#include "spies/ch07/redis_fixture.h"

namespace {

using redis::Reply;
using spies::RedisTest;
using namespace std::chrono_literals;

std::string Printed(const Reply& reply) {
  std::ostringstream out;
  redis::PrintTo(reply, &out);
  return out.str();
}

TEST(Reply, PrintsAsRedisCliShowsIt) {
  EXPECT_EQ(Printed(Reply::Nil()), "nil");
  EXPECT_EQ(Printed(Reply::Status("OK")), "OK");
  EXPECT_EQ(Printed(Reply::String("Ada")), "\"Ada\"");
  EXPECT_EQ(Printed(Reply::String(std::string("a\0\"\xff", 4))), "\"a\\x00\\\"\\xff\"");
  EXPECT_EQ(Printed(Reply::Integer(3)), "(integer) 3");
  EXPECT_EQ(Printed(Reply::Error("ERR unknown command")), "(error) ERR unknown command");
  EXPECT_EQ(Printed(Reply::Array({Reply::String("jobs"), Reply::Integer(1), Reply::Array({})})),
            "[\"jobs\", (integer) 1, []]");
}

TEST(Reply, ComparesEveryMember) {
  EXPECT_EQ(Reply::String("x"), Reply::String("x"));
  EXPECT_NE(Reply::String("x"), Reply::Status("x"));  // same text, another kind
  EXPECT_NE(Reply::Array({Reply::Integer(1)}), Reply::Array({Reply::Integer(2)}));
}

TEST_F(RedisTest, CarriesBinaryDataBothWays) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  const std::string bytes("key\0with a NUL\r\n\xff", 18);
  EXPECT_EQ(redis->Command({"SET", bytes, bytes}), Reply::Status("OK"));
  EXPECT_EQ(redis->Command({"GET", bytes}), Reply::String(bytes));
  EXPECT_EQ(redis->Command({"STRLEN", bytes}), Reply::Integer(18));
}

TEST(Connection, OpenSaysWhyThereIsNoServer) {
  const auto connection = redis::Connection::Open("/nonexistent/redis.sock");
  ASSERT_FALSE(connection.has_value());
  EXPECT_EQ(connection.error(), std::make_error_code(std::errc::no_such_file_or_directory));
}

TEST_F(RedisTest, AnErrorFromRedisIsAReplyNotAFailure) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  auto reply = redis->Command({"NO-SUCH-COMMAND"});
  ASSERT_TRUE(reply.has_value()) << reply.error().message();
  EXPECT_EQ(reply->kind, Reply::Kind::kError);
  EXPECT_THAT(reply->text, ::testing::StartsWith("ERR"));
  EXPECT_EQ(redis->Command({"PING"}), Reply::Status("PONG")) << "the connection is still fine";
}

TEST_F(RedisTest, ShutdownFromAnotherThreadEndsABlockedCommandAtOnce) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  auto blpop = std::async(std::launch::async, [&] {
    return redis->Command({"BLPOP", "jobs", "0"});
  });
  ASSERT_TRUE(WaitUntilBlocked()) << "BLPOP never reached Redis";

  redis->Shutdown();
  const auto result = ResultWithin(blpop);
  ASSERT_TRUE(result.has_value()) << "Command() still waits after Shutdown()";
  EXPECT_EQ(*result, std::unexpected(std::make_error_code(std::errc::connection_aborted)));
  // Redis drops the blocked client as soon as it sees the socket close.
  EXPECT_TRUE(server_.WaitForInfo("clients", "blocked_clients", 0));
  EXPECT_EQ(redis->Command({"PING"}),
            std::unexpected(std::make_error_code(std::errc::connection_aborted)));
}

// The lesson's "why": a command given up on still gets its reply, and the connection's next
// command reads it. Here the client gives up by a socket timeout, which leaves the connection
// open; a cancelled call (a shutdown) would leave it unusable, which is as bad for a pool.
TEST_F(RedisTest, AConnectionReusedAfterAnAbandonedCommandReadsThatCommandsReply) {
  auto redis = Open();
  ASSERT_NE(redis, nullptr);
  ASSERT_EQ(Admin({"SET", "greeting", "hello"}), Reply::Status("OK"));

  redis->SetTimeout(100ms);
  EXPECT_EQ(redis->Command({"BLPOP", "jobs", "0"}),
            std::unexpected(std::make_error_code(std::errc::timed_out)));
  // Redis still holds the abandoned BLPOP: this job goes to it, on the connection given up on.
  ASSERT_TRUE(WaitUntilBlocked()) << "Redis forgot the BLPOP";
  ASSERT_EQ(Admin({"RPUSH", "jobs", "job-1"}), Reply::Integer(1));
  ASSERT_EQ(Admin({"LLEN", "jobs"}), Reply::Integer(0)) << "no BLPOP took the job";

  redis->SetTimeout(0ms);
  EXPECT_EQ(redis->Command({"GET", "greeting"}),
            Reply::Array({Reply::String("jobs"), Reply::String("job-1")}))
      << "GET reads the abandoned BLPOP's reply";
  EXPECT_EQ(redis->Command({"PING"}), Reply::String("hello")) << "and PING reads GET's";
}

TEST_F(RedisTest, APoolLendsTheSameConnectionAgain) {
  redis::Pool pool(server_.SocketPath());
  long long first_id = 0;
  {
    auto lease = pool.Get();
    ASSERT_TRUE(lease.has_value()) << lease.error().message();
    first_id = (*lease)->Command({"CLIENT", "ID"}).value_or(Reply::Nil()).integer;
  }
  EXPECT_EQ(pool.Idle(), 1u);
  auto lease = pool.Get();
  ASSERT_TRUE(lease.has_value());
  EXPECT_EQ(pool.Idle(), 0u);
  EXPECT_EQ((*lease)->Command({"CLIENT", "ID"}), Reply::Integer(first_id)) << "a new connection";
}

TEST_F(RedisTest, APoolNeverLendsABrokenConnectionAgain) {
  redis::Pool pool(server_.SocketPath());
  long long broken_id = 0;
  {
    auto lease = pool.Get();
    ASSERT_TRUE(lease.has_value()) << lease.error().message();
    broken_id = (*lease)->Command({"CLIENT", "ID"}).value_or(Reply::Nil()).integer;
    (*lease)->MarkBroken();
  }
  EXPECT_EQ(pool.Idle(), 0u) << "the broken connection went back to the pool";
  auto lease = pool.Get();
  ASSERT_TRUE(lease.has_value());
  auto id = (*lease)->Command({"CLIENT", "ID"});
  ASSERT_TRUE(id.has_value()) << id.error().message();
  EXPECT_NE(id->integer, broken_id) << "the broken connection was lent again";
}

TEST_F(RedisTest, APoolKeepsAtMostItsIdleLimit) {
  redis::Pool pool(server_.SocketPath(), 1);
  {
    auto one = pool.Get();
    auto other = pool.Get();
    ASSERT_TRUE(one.has_value() && other.has_value());
  }
  EXPECT_EQ(pool.Idle(), 1u);
}

TEST_F(RedisTest, AMovedLeaseGivesItsConnectionBackOnce) {
  redis::Pool pool(server_.SocketPath());
  {
    auto lease = pool.Get();
    ASSERT_TRUE(lease.has_value());
    auto moved = std::move(*lease);
    EXPECT_EQ(moved->Command({"PING"}), Reply::Status("PONG"));
  }
  EXPECT_EQ(pool.Idle(), 1u);
}

}  // namespace
