// RedisServer, the tests' own redis-server: isolated, and gone without a trace when a test ends.
#include "cancelkit_testing/redis_server.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <string>

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

// True once process `pid` has ended (or never was), false if it still runs after `limit`. Not
// kill(pid, 0): it also succeeds on a dead process nobody has reaped yet.
bool EndsWithin(pid_t pid, int limit_ms) {
  const int exited = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (exited < 0) return errno == ESRCH;
  pollfd readable{.fd = exited, .events = POLLIN, .revents = 0};
  const int ready = ::poll(&readable, 1, limit_ms);
  ::close(exited);
  return ready == 1;
}

// The first line a program prints on `output`, or "" if it prints none within `limit_ms`.
std::string FirstLine(int output, int limit_ms) {
  std::string line;
  char c = 0;
  pollfd readable{.fd = output, .events = POLLIN, .revents = 0};
  while (::poll(&readable, 1, limit_ms) == 1 && ::read(output, &c, 1) == 1 && c != '\n') {
    line += c;
  }
  return line;
}

// Both waits together stay under the hang watchdog's 5 s, so that a server left running fails
// here, by an assertion.
TEST(RedisServer, DiesWithTheProgramThatStartedItEvenWhenThatOneIsKilled) {
  int pipe_ends[2];
  ASSERT_EQ(::pipe2(pipe_ends, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  char holder_path[] = REDIS_SERVER_HOLDER;
  char* argv[] = {holder_path, nullptr};
  pid_t holder = -1;
  ASSERT_EQ(::posix_spawn(&holder, holder_path, &actions, nullptr, argv, environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  const std::string holder_said = FirstLine(pipe_ends[0], 2'500);
  ::close(pipe_ends[0]);

  ::kill(holder, SIGKILL);  // no destructor runs
  ::waitpid(holder, nullptr, 0);
  ASSERT_FALSE(holder_said.empty()) << "the holder never said which server it started";
  const auto server = static_cast<pid_t>(std::stol(holder_said));
  EXPECT_TRUE(EndsWithin(server, 2'000)) << "redis-server " << server << " outlived its program";
  std::filesystem::remove_all(holder_said.substr(holder_said.find(' ') + 1));
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
