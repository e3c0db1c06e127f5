// A small Redis client on hiredis' blocking API: one Reply type, one Connection, one Pool.
//
//   redis::Pool pool(socket_path);
//   auto lease = pool.Get().value();
//   auto reply = lease->Command({"GET", "user:7"});   // Reply{kString, "Ada"}
//
// A Command() blocks its thread until Redis answers. Nothing here knows about contexts: that is
// Call()'s job (redis_call.h), and it needs only what Connection offers: a timeout, a Shutdown()
// another thread may call, and a way to mark a connection that must never be used again.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <expected>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

struct redisContext;  // hiredis' connection, kept out of the learner's way

namespace redis {

// One reply, as RESP gives it. A value type; compares equal member by member.
struct Reply {
  enum class Kind { kNil, kStatus, kString, kInteger, kArray, kError };
  Kind kind = Kind::kNil;
  std::string text;             // kStatus, kString, kError
  long long integer = 0;        // kInteger
  std::vector<Reply> elements;  // kArray

  static Reply Nil() { return {}; }
  static Reply Status(std::string text) { return {Kind::kStatus, std::move(text), 0, {}}; }
  static Reply String(std::string text) { return {Kind::kString, std::move(text), 0, {}}; }
  static Reply Integer(long long value) { return {Kind::kInteger, {}, value, {}}; }
  static Reply Array(std::vector<Reply> elements) {
    return {Kind::kArray, {}, 0, std::move(elements)};
  }
  static Reply Error(std::string text) { return {Kind::kError, std::move(text), 0, {}}; }

  friend bool operator==(const Reply&, const Reply&) = default;
};

// As redis-cli shows replies: nil, "text" (bytes outside ASCII as \xNN), OK, (integer) 3,
// ["a", (integer) 1], (error) ERR ...
void PrintTo(const Reply& reply, std::ostream* os);

// One hiredis connection over a Unix socket (hiredis' blocking API). Not thread-safe, except
// Shutdown(), which any thread may call while another is blocked in Command().
class Connection {
 public:
  static std::expected<std::unique_ptr<Connection>, std::error_code> Open(
      const std::string& socket_path);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Sends one command (binary-safe: redisCommandArgv) and waits for its reply. An error reply
  // from Redis is a Reply of kind kError, not an error code; a broken or shut-down socket, a
  // timeout (std::errc::timed_out) or a protocol error is an error code.
  //   std::errc::connection_aborted  Shutdown() was called, or the connection is marked broken
  //   std::errc::connection_reset    Redis closed the connection
  //   std::errc::timed_out           no reply within the timeout; the connection stays open,
  //                                  with that reply still on its way (see MarkBroken)
  //   std::errc::invalid_argument    no command at all (args is empty)
  std::expected<Reply, std::error_code> Command(const std::vector<std::string>& args);

  // The longest Command() waits for a reply from now on (redisSetTimeout); zero: no limit.
  void SetTimeout(std::chrono::milliseconds timeout);

  // Makes a Command() blocked on another thread return at once (shutdown(2) of the socket,
  // never close(2): the descriptor stays valid for the blocked thread). Async-signal-safe and
  // noexcept, so it may run inside a std::stop_callback.
  void Shutdown() noexcept;

  // A connection whose command was abandoned has a reply on its way that nobody will read:
  // the next command on it would read the previous one's reply. It must never be used again.
  void MarkBroken() noexcept { broken_.store(true); }
  bool IsBroken() const noexcept { return broken_.load(); }

 private:
  explicit Connection(redisContext* context) noexcept;
  std::error_code FailureOf(int command_errno) noexcept;  // why Command() got no reply
  std::error_code TimedOut() noexcept;

  redisContext* context_;
  const int socket_;  // hiredis' descriptor, read once: Shutdown() must not touch context_
  std::atomic<bool> shut_down_{false};
  std::atomic<bool> broken_{false};
};

// Connections to one Redis, reused; a broken one is dropped, never handed out again.
// Safe to use from many threads; it must outlive every Lease it hands out.
class Pool {
 public:
  explicit Pool(std::string socket_path, std::size_t max_idle = 8);

  // One connection, lent: back to the pool when the Lease is destroyed, unless it is broken
  // (then closed), or the pool already keeps max_idle others.
  class Lease {
   public:
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { GiveBack(); }

    Connection& operator*() const noexcept { return *connection_; }
    Connection* operator->() const noexcept { return connection_.get(); }

   private:
    friend class Pool;
    Lease(Pool& pool, std::unique_ptr<Connection> connection) noexcept
        : pool_(&pool), connection_(std::move(connection)) {}
    void GiveBack() noexcept;

    Pool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An idle connection if there is one, else a new one.
  std::expected<Lease, std::error_code> Get();

  std::size_t Idle() const;  // for tests: how many wait in the pool

 private:
  void Return(std::unique_ptr<Connection> connection) noexcept;

  const std::string socket_path_;
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace redis
