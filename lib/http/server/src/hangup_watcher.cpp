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

HangupWatcher::Watch HangupWatcher::WatchSocket(int fd, std::move_only_function<void()> on_hangup) {
  std::uint64_t generation = 0;
  {
    const std::scoped_lock lock(mutex_);
    generation = next_generation_++;
    callbacks_.emplace(generation, std::move(on_hangup));
  }
  epoll_event event{.events = kHangupEvents, .data = {.u64 = generation}};
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0 && errno == EEXIST) {
    // Still registered by an earlier watch of the same connection (ONESHOT disarms, it does not
    // remove): re-arm it under the new generation.
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
  }
  return Watch(this, generation, fd);
}

void HangupWatcher::End(std::uint64_t generation, int fd) {
  {
    std::unique_lock lock(mutex_);
    callbacks_.erase(generation);
    // If the watcher thread took this callback a moment ago, let it finish: whatever it touches
    // may be destroyed as soon as we return.
    callback_finished_.wait(lock, [&] { return running_generation_ != generation; });
  }
  // The descriptor is still open (the watch ends before cpp-httplib closes the connection), so
  // this cannot remove the registration of another connection that reuses its number.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
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
      const std::uint64_t generation = event.data.u64;
      if (generation == kWakeUpTag) return;
      std::move_only_function<void()> on_hangup;
      {
        const std::scoped_lock lock(mutex_);
        const auto found = callbacks_.find(generation);
        if (found == callbacks_.end()) continue;  // that watch has ended: a stale event
        on_hangup = std::move(found->second);
        callbacks_.erase(found);
        running_generation_ = generation;
      }
      on_hangup();
      {
        const std::scoped_lock lock(mutex_);
        running_generation_ = 0;
      }
      callback_finished_.notify_all();
    }
  }
}

HangupWatcher::Watch::Watch(Watch&& other) noexcept
    : watcher_(std::exchange(other.watcher_, nullptr)),
      generation_(other.generation_),
      fd_(other.fd_) {}

HangupWatcher::Watch::~Watch() {
  if (watcher_ != nullptr) watcher_->End(generation_, fd_);
}

}  // namespace http::detail
