#include "hangup_watcher.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <exception>
#include <span>
#include <system_error>
#include <utility>

namespace http::detail {
namespace {

constexpr std::uint64_t kWakeUpTag = 0;
constexpr std::uint32_t kHangupEvents = EPOLLRDHUP | EPOLLONESHOT;  // + EPOLLHUP/ERR, implied

[[noreturn]] void ThrowSystemError(const char* what) {
  throw std::system_error(errno, std::system_category(), what);
}

}  // namespace

HangupWatcher::HangupWatcher() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) ThrowSystemError("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    ::close(epoll_fd_);
    ThrowSystemError("eventfd");
  }
  epoll_event wake{.events = EPOLLIN, .data = {.u64 = kWakeUpTag}};
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake) != 0) {
    ::close(wake_fd_);
    ::close(epoll_fd_);
    ThrowSystemError("epoll_ctl");
  }
  thread_ = std::jthread([this] { Run(); });
}

HangupWatcher::~HangupWatcher() {
  const std::uint64_t one = 1;
  // An eventfd write of 8 bytes cannot fail short of a counter overflow, which one write can't
  // cause; the result is still checked so that a broken descriptor is not silently ignored.
  if (::write(wake_fd_, &one, sizeof one) != sizeof one) std::terminate();
  thread_.join();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

HangupWatcher::Registration HangupWatcher::Register(int fd) {
  const std::scoped_lock lock(mutex_);
  const std::uint64_t id = next_id_++;
  connections_.emplace(id, Connection{});
  return Registration(this, id, fd);
}

void HangupWatcher::Arm(std::uint64_t id, int fd) {
  epoll_event event{.events = kHangupEvents, .data = {.u64 = id}};
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0 && errno == EEXIST) {
    // Already in the set: ONESHOT has fired since (it disarms, it does not remove), or the same
    // socket was registered before. Re-arm it, under this registration's id.
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
  }
}

void HangupWatcher::Disarm(std::uint64_t id, int fd) {
  {
    const std::scoped_lock lock(mutex_);
    connections_.at(id).armed = false;
  }
  // The socket is open (its connection is still being served), so this number is still ours.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

void HangupWatcher::EndWatch(std::uint64_t id) {
  std::move_only_function<void()> unused;  // destroyed after the lock is released
  std::unique_lock lock(mutex_);
  if (const auto found = connections_.find(id); found != connections_.end()) {
    unused = std::move(found->second.on_hangup);
  }
  // If the watcher thread took the callback a moment ago, let it finish: whatever it touches may
  // be destroyed as soon as we return.
  callback_finished_.wait(lock, [&] { return running_id_ != id; });
}

void HangupWatcher::Forget(std::uint64_t id) {
  const std::scoped_lock lock(mutex_);
  connections_.erase(id);
}

void HangupWatcher::Run() {
  std::array<epoll_event, 64> events{};
  while (true) {
    const int count = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
    if (count < 0) {
      if (errno == EINTR) continue;
      std::terminate();  // EBADF/EINVAL: the watcher itself is broken, nothing sane remains
    }
    for (const epoll_event& event : std::span(events.data(), static_cast<std::size_t>(count))) {
      const std::uint64_t id = event.data.u64;
      if (id == kWakeUpTag) return;
      std::move_only_function<void()> on_hangup;
      {
        const std::scoped_lock lock(mutex_);
        const auto found = connections_.find(id);
        if (found == connections_.end()) continue;  // that connection has ended: a stale report
        found->second.armed = false;                // ONESHOT: the kernel has disarmed it
        // Between two requests nobody is watching: the next request re-arms and is told then.
        if (!found->second.on_hangup) continue;
        on_hangup = std::exchange(found->second.on_hangup, nullptr);
        running_id_ = id;
      }
      on_hangup();
      {
        const std::scoped_lock lock(mutex_);
        running_id_ = 0;
      }
      callback_finished_.notify_all();
    }
  }
}

HangupWatcher::Watch::Watch(Watch&& other) noexcept
    : watcher_(std::exchange(other.watcher_, nullptr)), id_(other.id_) {}

HangupWatcher::Watch::~Watch() {
  if (watcher_ != nullptr) watcher_->EndWatch(id_);
}

HangupWatcher::Registration::Registration(Registration&& other) noexcept
    : watcher_(std::exchange(other.watcher_, nullptr)), id_(other.id_), fd_(other.fd_) {}

HangupWatcher::Registration::~Registration() {
  if (watcher_ != nullptr) watcher_->Forget(id_);
}

HangupWatcher::Watch HangupWatcher::Registration::WatchRequest(
    std::move_only_function<void()> on_hangup) {
  bool disarmed = false;
  {
    const std::scoped_lock lock(watcher_->mutex_);
    HangupWatcher::Connection& connection = watcher_->connections_.at(id_);
    connection.on_hangup = std::move(on_hangup);
    disarmed = !std::exchange(connection.armed, true);
  }
  // Only the connection's first request, and one after a report, need the system call.
  if (disarmed) watcher_->Arm(id_, fd_);
  return Watch(watcher_, id_);
}

void HangupWatcher::Registration::Withdraw() {
  watcher_->Disarm(id_, fd_);
}

}  // namespace http::detail
