// One thread that notices, for every connection being served, that its client went away.
//
// Go's net/http keeps a background read on each connection while a handler runs; an end of file
// or an error there cancels the request's context. cpp-httplib has nothing of the kind, so the
// adapter registers the socket of each running request here. A single epoll instance watches
// them all (never a thread per request) for:
//   EPOLLRDHUP  the client closed, or half-closed, its side: nothing more will come from it;
//   EPOLLHUP, EPOLLERR  the connection was reset or is otherwise dead (always reported).
// EPOLLIN is deliberately not watched: a pipelined next request makes the socket readable and is
// no hang-up. EPOLLONESHOT: one report per watch is all a cancellation needs.
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
  // Ends a watch when it goes out of scope (see Watch()).
  class [[nodiscard]] Watch {
   public:
    Watch(Watch&& other) noexcept;
    Watch& operator=(Watch&&) = delete;
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;
    // After this returns, on_hangup is not running and never will.
    ~Watch();

   private:
    friend class HangupWatcher;
    Watch(HangupWatcher* watcher, std::uint64_t generation, int fd) noexcept
        : watcher_(watcher), generation_(generation), fd_(fd) {}

    HangupWatcher* watcher_;  // null once moved from
    std::uint64_t generation_;
    int fd_;
  };

  // Throws std::system_error if the kernel refuses an epoll instance or an eventfd.
  HangupWatcher();
  // Stops the thread and waits for it. Every Watch must have ended before.
  ~HangupWatcher();
  HangupWatcher(const HangupWatcher&) = delete;
  HangupWatcher& operator=(const HangupWatcher&) = delete;

  // Calls on_hangup once, on the watcher's thread, if the peer of the connected socket `fd`
  // hangs up while the returned Watch lives (at once if it already has). on_hangup must be short
  // and must never block: every connection's hang-up waits behind it.
  Watch WatchSocket(int fd, std::move_only_function<void()> on_hangup);

 private:
  void Run();
  void End(std::uint64_t generation, int fd);

  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd: written once, to tell Run() to return

  std::mutex mutex_;
  std::condition_variable callback_finished_;
  // The callbacks of the live watches, by generation. A generation is never reused, so an event
  // that was already on its way for a watch that has ended (and whose descriptor number may now
  // belong to a new connection) finds nothing here and is dropped.
  std::unordered_map<std::uint64_t, std::move_only_function<void()>> callbacks_;
  std::uint64_t next_generation_ = 1;  // 0 tags the wake-up eventfd
  std::uint64_t running_generation_ = 0;

  std::jthread thread_;  // last: it starts after everything above exists, and stops first
};

}  // namespace http::detail
