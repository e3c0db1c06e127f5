#include "connection_stream.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace http::detail {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

template <int (*kGetName)(int, sockaddr*, socklen_t*)>
void NumericEndpoint(int fd, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (kGetName(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
  if (address.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  } else if (address.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  } else {
    return;
  }
  std::array<char, NI_MAXHOST> host{};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), host.size(),
                    nullptr, 0, NI_NUMERICHOST) == 0) {
    ip = host.data();
  }
}

int PollMilliseconds(milliseconds timeout) {
  return static_cast<int>(std::clamp<milliseconds::rep>(timeout.count(), 0, 1 << 30));
}

}  // namespace

ConnectionStream::Ready ConnectionStream::Poll(short events, milliseconds timeout) const {
  const auto give_up = Clock::now() + timeout;
  while (true) {
    std::array<pollfd, 2> fds{pollfd{.fd = fd_, .events = events, .revents = 0},
                              pollfd{.fd = stop_fd_, .events = POLLIN, .revents = 0}};
    const auto left = std::chrono::ceil<milliseconds>(give_up - Clock::now());
    const int ready = ::poll(fds.data(), fds.size(), PollMilliseconds(left));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Ready::kError;
    }
    // The stop signal wins over bytes that arrived at the same time: the server is leaving.
    if (fds[1].revents != 0) return Ready::kStopping;
    if (fds[0].revents != 0) return Ready::kYes;  // bytes, an end of file, or an error to read
    if (ready == 0) return Ready::kTimedOut;
  }
}

milliseconds ConnectionStream::ReadWait() const {
  const std::optional<Clock::time_point>& deadline =
      head_deadline_ ? head_deadline_ : body_deadline_;
  if (!deadline) return timeouts_.read;
  // Rounded up: a poll that wakes a fraction of a millisecond early would wait once more.
  const auto left = std::chrono::ceil<milliseconds>(*deadline - Clock::now());
  return std::min(left, timeouts_.read);
}

ConnectionStream::Wait ConnectionStream::WaitForRequest(milliseconds idle) {
  if (read_ahead_begin_ < read_ahead_end_) return Wait::kReady;  // a pipelined request
  switch (Poll(POLLIN, idle)) {
    case Ready::kYes:
      return Wait::kReady;  // or an end of file, which cpp-httplib reads as "no more requests"
    case Ready::kTimedOut:
      return Wait::kIdleTooLong;
    case Ready::kStopping:
      return Wait::kStopping;
    case Ready::kError:
      break;
  }
  return Wait::kClosed;
}

bool ConnectionStream::RequestWaiting() const {
  if (read_ahead_begin_ < read_ahead_end_) return true;
  char byte = 0;
  return ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

bool ConnectionStream::is_readable() const {
  return read_ahead_begin_ < read_ahead_end_ || Poll(POLLIN, ReadWait()) == Ready::kYes;
}

bool ConnectionStream::is_writable() const {
  pollfd fd{.fd = fd_, .events = POLLOUT, .revents = 0};
  return ::poll(&fd, 1, PollMilliseconds(timeouts_.write)) > 0 && (fd.revents & POLLOUT) != 0;
}

ssize_t ConnectionStream::read(char* ptr, std::size_t size) {
  if (read_ahead_begin_ < read_ahead_end_) {
    const std::size_t n = std::min(size, read_ahead_end_ - read_ahead_begin_);
    std::memcpy(ptr, read_ahead_.data() + read_ahead_begin_, n);
    read_ahead_begin_ += n;
    return static_cast<ssize_t>(n);
  }
  const milliseconds wait = ReadWait();
  const Ready ready = wait.count() > 0 ? Poll(POLLIN, wait) : Ready::kTimedOut;
  if (ready == Ready::kStopping && ReadingHead()) stopped_in_head_ = true;
  // A head that stalls, until its deadline or for a whole read timeout, is too slow; a body that
  // has not arrived whole by its deadline as well.
  if (ready == Ready::kTimedOut && ReadingHead()) head_expired_ = true;
  if (ready == Ready::kTimedOut && body_deadline_ && Clock::now() >= *body_deadline_) {
    body_expired_ = true;
  }
  if (ready != Ready::kYes) return -1;
  // Read ahead as much as the socket holds: cpp-httplib reads a head a byte at a time.
  while (true) {
    const ssize_t n = ::recv(fd_, read_ahead_.data(), read_ahead_.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n;
    read_ahead_begin_ = 0;
    read_ahead_end_ = static_cast<std::size_t>(n);
    return read(ptr, size);
  }
}

ssize_t ConnectionStream::write(const char* ptr, std::size_t size) {
  // An answer to a head that was cut short is dropped.
  if (stopped_in_head_ || head_expired_) return static_cast<ssize_t>(size);
  if (!is_writable()) return -1;
  while (true) {
    const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

bool ConnectionStream::WriteDirectly(std::string_view bytes) {
  while (!bytes.empty() && is_writable()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return bytes.empty();
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  NumericEndpoint<::getpeername>(fd_, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  NumericEndpoint<::getsockname>(fd_, ip, port);
}

}  // namespace http::detail
