// spies::RedisTest (chapter 7): a fixture with a redis-server of its own, and the bounded waits a
// test needs for a command that blocks on another thread. The chapter's tests of Call and the
// support tests of the Redis client (tests/chapter07) share it.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cancelkit_testing/redis_server.h"
#include "redis.h"

namespace spies {

// Far beyond "within milliseconds": only a broken test ever reaches it.
inline constexpr std::chrono::milliseconds kReturnLimit = std::chrono::seconds(2);

class RedisTest : public ::testing::Test {
 protected:
  // A new connection; the test fails, with the reason, if there is none.
  std::unique_ptr<redis::Connection> Open() {
    auto connection = redis::Connection::Open(server_.SocketPath());
    EXPECT_TRUE(connection.has_value()) << connection.error().message();
    return connection ? std::move(*connection) : nullptr;
  }

  // Sends a command on a connection of its own: the test's hands on the server.
  redis::Reply Admin(const std::vector<std::string>& args) {
    auto connection = Open();
    if (connection == nullptr) return redis::Reply::Error("no connection");
    auto reply = connection->Command(args);
    EXPECT_TRUE(reply.has_value()) << reply.error().message();
    return reply.value_or(redis::Reply::Error(reply ? "" : reply.error().message()));
  }

  // True once `clients` connections wait in a blocking command (BLPOP) on the server.
  bool WaitUntilBlocked(long long clients = 1) {
    return server_.WaitForInfo("clients", "blocked_clients", clients);
  }

  // The result of a command running on another thread, if it comes within kReturnLimit.
  // Otherwise the queue `jobs` gets items enough to wake any BLPOP on it, so that the thread
  // returns and can be joined, and the result is nullopt: the test fails, never hangs.
  template <class Result>
  std::optional<Result> ResultWithin(std::future<Result>& result,
                                     std::chrono::milliseconds limit = kReturnLimit) {
    if (result.wait_for(limit) == std::future_status::ready) return result.get();
    Admin({"RPUSH", "jobs", "wake", "wake", "wake", "wake"});
    result.wait();
    return std::nullopt;
  }

  cancelkit_testing::RedisServer server_;
};

}  // namespace spies
