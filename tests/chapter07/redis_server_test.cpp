// RedisServer, the tests' own redis-server: isolated, and gone without a trace when a test ends.
#include "cancelkit_testing/redis_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>

#include "redis.h"

namespace {

using cancelkit_testing::RedisServer;
using ::testing::HasSubstr;

TEST(RedisServer, AnswersOnItsSocketAndKeepsNothingOnDiskNorOnATcpPort) {
  const RedisServer server;
  auto connection = redis::Connection::Open(server.SocketPath());
  ASSERT_TRUE(connection.has_value()) << connection.error().message();
  auto& redis = **connection;
  EXPECT_EQ(redis.Command({"PING"}), redis::Reply::Status("PONG"));
  const auto config = [&](const std::string& name) {
    return redis.Command({"CONFIG", "GET", name}).value_or(redis::Reply::Nil());
  };
  using redis::Reply;
  EXPECT_EQ(config("port"), Reply::Array({Reply::String("port"), Reply::String("0")}));
  EXPECT_EQ(config("save"), Reply::Array({Reply::String("save"), Reply::String("")}));
  EXPECT_EQ(config("appendonly"), Reply::Array({Reply::String("appendonly"), Reply::String("no")}));
}

TEST(RedisServer, LeavesNoProcessAndNoDirectoryBehind) {
  pid_t pid = -1;
  std::filesystem::path directory;
  {
    const RedisServer server;
    pid = server.Pid();
    directory = server.Directory();
    ASSERT_TRUE(std::filesystem::exists(server.SocketPath()));
    ASSERT_EQ(::kill(pid, 0), 0) << "the server should be running while the object lives";
  }
  // Reaped, not merely killed: a zombie would still answer kill(pid, 0).
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH) << "redis-server " << pid << " is still there";
  EXPECT_FALSE(std::filesystem::exists(directory)) << directory;
}

TEST(RedisServer, ServersOfOneProgramNeverShareData) {
  const RedisServer first;
  const RedisServer second;
  EXPECT_NE(first.SocketPath(), second.SocketPath());
  auto one = redis::Connection::Open(first.SocketPath());
  auto other = redis::Connection::Open(second.SocketPath());
  ASSERT_TRUE(one && other);
  ASSERT_EQ((*one)->Command({"SET", "k", "first"}), redis::Reply::Status("OK"));
  EXPECT_EQ((*other)->Command({"GET", "k"}), redis::Reply::Nil());
}

TEST(RedisServer, AMissingRedisServerFailsTheTestWithThePackageToInstall) {
  EXPECT_THAT([] { const RedisServer server("cancelkit-no-such-redis-server"); },
              ::testing::ThrowsMessage<std::runtime_error>(
                  HasSubstr("redis-server is not installed: sudo apt-get install redis-server")));
}

}  // namespace
