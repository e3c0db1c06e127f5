// One thread that notices, for every connection being served, that its client went away.
//
// Go's net/http keeps a background read on each connection while a handler runs; an end of file
// or an error there cancels the request's context. cpp-httplib has nothing of the kind, so the
// adapter registers the socket of each connection here. A single epoll instance watches them all
// (never a thread per request) for:
//   EPOLLRDHUP  the client closed, or half-closed, its side: nothing more will come from it;
//   EPOLLHUP, EPOLLERR  the connection was reset or is otherwise dead (always reported).
// EPOLLIN is deliberately not watched: a pipelined next request makes the socket readable and is
// no hang-up. EPOLLONESHOT: one report is all a cancellation needs.
//
// A connection is registered once (Register) and each of its requests is watched while its
// handler runs (Registration::WatchRequest). Between two requests of a keep-alive connection no
// system call is needed: the registration stays armed, and a report that comes while no request is
// watched is simply dropped. The hang-up it reports lasts, so the next request re-arms the
// registration and is told at once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace http::detail {

class HangupWatcher {
 public:
  class Registration;

  // Ends the watch of one request when it goes out of scope (see Registration::WatchRequest()).
  class [[nodiscard]] Watch {
   public:
    Watch(Watch&& other) noexcept;
    Watch& operator=(Watch&&) = delete;
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;
    // After this returns, on_hangup is not running and never will.
    ~Watch();

   private:
    friend class Registration;
    Watch(HangupWatcher* watcher, std::uint64_t id) noexcept : watcher_(watcher), id_(id) {}

    HangupWatcher* watcher_;  // null once moved from
    std::uint64_t id_;
  };

  // A connection's socket, known to the watcher for as long as the connection is served.
  class [[nodiscard]] Registration {
   public:
    Registration(Registration&& other) noexcept;
    Registration& operator=(Registration&&) = delete;
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    // Forgets the connection: any report still on its way for it is dropped. The kernel removes
    // the socket from the epoll set by itself when the socket is closed; removing it here would
    // be wrong, as the descriptor's number may already belong to another connection.
    ~Registration();

    // Calls on_hangup once, on the watcher's thread, if the peer hangs up while the returned
    // Watch lives (at once if it already has). on_hangup must be short and must never block:
    // every connection's hang-up waits behind it. One Watch at a time per registration.
    Watch WatchRequest(std::move_only_function<void()> on_hangup);

    // Takes the socket out of the epoll set, between two requests, when the connection is about
    // to be closed: closing a registered socket would wake the watcher for nothing. A later
    // WatchRequest() puts it back.
    void Withdraw();

   private:
    friend class HangupWatcher;
    Registration(HangupWatcher* watcher, std::uint64_t id, int fd) noexcept
        : watcher_(watcher), id_(id), fd_(fd) {}

    HangupWatcher* watcher_;  // null once moved from
    std::uint64_t id_;
    int fd_;
  };

  // Throws std::system_error if the kernel refuses an epoll instance or an eventfd.
  HangupWatcher();
  // Stops the thread and waits for it. Every Registration must have ended before.
  ~HangupWatcher();
  HangupWatcher(const HangupWatcher&) = delete;
  HangupWatcher& operator=(const HangupWatcher&) = delete;

  // Registers the connected socket `fd`. Nothing is reported until a request is watched.
  Registration Register(int fd);

 private:
  // What the watcher knows of one registered connection.
  struct Connection {
    std::move_only_function<void()> on_hangup;  // the watched request's, or empty
    bool armed = false;                         // false once the kernel's ONESHOT has fired
  };

  void Run();
  void Arm(std::uint64_t id, int fd);
  void Disarm(std::uint64_t id, int fd);
  void EndWatch(std::uint64_t id);
  void Forget(std::uint64_t id);

  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd: written once, to tell Run() to return

  std::mutex mutex_;
  std::condition_variable callback_finished_;
  // The registered connections, by id. An id is never reused, so a report that was already on
  // its way for a connection that has ended (and whose descriptor number may now belong to a new
  // connection) finds nothing here and is dropped.
  std::unordered_map<std::uint64_t, Connection> connections_;
  std::uint64_t next_id_ = 1;     // 0 tags the wake-up eventfd
  std::uint64_t running_id_ = 0;  // whose on_hangup the watcher thread is running, or 0

  std::jthread thread_;  // last: it starts after everything above exists, and stops first
};

}  // namespace http::detail
