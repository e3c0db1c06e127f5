// RedisServer: a real redis-server for one test, on a Unix socket in a fresh temporary directory.
//
//   cancelkit_testing::RedisServer redis;          // started, answering PING
//   auto conn = redis::Connection::Open(redis.SocketPath());
//
// The server keeps nothing (no RDB snapshot, no append-only file) and listens on no TCP port, so
// tests never meet each other's data or a port someone else holds. The destructor stops it
// (SIGTERM, then SIGKILL if it has not exited within a few seconds), waits for it, and removes
// the directory; it runs when a test fails too, since the server is an object of the test.
//
// A machine without redis-server is an error, never a reason to skip: the constructor throws a
// std::runtime_error whose message names the Debian package, which GoogleTest reports as the
// test's failure. Any other failure to start (the server exits, or never answers) throws too,
// with what the server printed.
//
// The server is a child of the test process, started with posix_spawn (a fork without exec would
// copy every thread's locks in whatever state they were). The kernel kills it when the thread
// that made the RedisServer ends: a test program killed outright (a crash, kill -9, the hang
// watchdog's exit) runs no destructor, and would otherwise leave its server running. So make it
// on a thread that outlives it (a test's own thread does). Such a death leaves the directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace cancelkit_testing {

class RedisServer {
 public:
  // `executable` is looked up on PATH when it has no '/' (and in /usr/bin, where Debian puts
  // it, when PATH lacks it). Tests of the missing-program message pass a name that is nowhere.
  explicit RedisServer(const std::string& executable = "redis-server");
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;
  ~RedisServer();

  // The server's Unix socket: <directory>/redis.sock.
  const std::string& SocketPath() const noexcept { return socket_path_; }
  const std::filesystem::path& Directory() const noexcept { return directory_; }
  pid_t Pid() const noexcept { return pid_; }

  // What the server says about itself, each on a connection of its own (which INFO clients
  // counts): INFO's text for one section, and one numeric field of it.
  //   server.InfoNumber("clients", "blocked_clients")   // 1 while a BLPOP waits
  std::string Info(const std::string& section) const;
  std::optional<long long> InfoNumber(const std::string& section, const std::string& field) const;

  // Waits until InfoNumber(section, field) == value; false if `limit` passes first. Redis tells
  // nobody when a client starts or stops waiting, so this asks every millisecond: the only way
  // to know that a command has reached the server. The limit only stops a broken test.
  bool WaitForInfo(const std::string& section, const std::string& field, long long value,
                   std::chrono::milliseconds limit = std::chrono::seconds(10)) const;

 private:
  void Stop() noexcept;

  std::filesystem::path directory_;
  std::string socket_path_;
  pid_t pid_ = -1;
};

}  // namespace cancelkit_testing
