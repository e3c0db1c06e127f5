#include "refusals.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <chrono>
#include <cstddef>

namespace http::detail {

// Closes a connection whose client may still be sending (a refused body): first our side only,
// then a short, bounded wait for the client to finish, discarding what it sends. Closing at once
// with unread bytes would make the kernel reset the connection, and a reset can destroy the
// answer before the client reads it. Go's server does the same (its rstAvoidanceDelay).
void CloseAfterRefusal(int fd) {
  ::shutdown(fd, SHUT_WR);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  std::size_t discarded = 0;
  std::array<char, 4096> sink;
  while (discarded < (std::size_t{1} << 20)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        give_up - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd readable{.fd = fd, .events = POLLIN, .revents = 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = ::recv(fd, sink.data(), sink.size(), 0);
    if (n <= 0) break;
    discarded += static_cast<std::size_t>(n);
  }
}

void Refuse(httplib::Response& out, int status, ServedConnection* connection) {
  out.status = status;
  out.set_header("Connection", "close");
  if (connection != nullptr) connection->close_after_response = connection->body_unread = true;
}

}  // namespace http::detail
