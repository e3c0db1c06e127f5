// The server's listening socket, read from the test's own process (the server runs in it): what
// ServerOptions set on it, and whether a connection still waits in its accept queue.
#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

namespace server_test {

// The listening socket of this process on `port`, if any.
inline std::optional<int> ListeningSocketOn(int port) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const std::string name = entry.path().filename();
    int fd = -1;
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc{}) continue;
    int listening = 0;
    socklen_t option_length = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &option_length) != 0) continue;
    if (listening != 1) continue;
    sockaddr_in6 address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    // sin_port and sin6_port sit at the same place in both address families.
    if (ntohs(address.sin6_port) == port) return fd;
  }
  return std::nullopt;
}

// Linux's TCP_INFO for a listening socket: tcpi_sacked holds its backlog, tcpi_unacked the
// connections that wait for accept(). Empty if the call fails.
inline std::optional<tcp_info> ListeningInfo(int listening_fd) {
  tcp_info info{};
  socklen_t length = sizeof info;
  if (::getsockopt(listening_fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return std::nullopt;
  return info;
}

// Waits until the server has accepted every connection made to `port` so far: true once its
// accept queue is empty, false if that takes longer than `limit`. The kernel offers nothing to
// wait on for this, so it polls; each poll reads the condition itself, never assumes it.
inline bool AcceptQueueEmpties(int port, std::chrono::milliseconds limit) {
  const auto listening = ListeningSocketOn(port);
  if (!listening) return false;
  const auto give_up = std::chrono::steady_clock::now() + limit;
  do {
    const auto info = ListeningInfo(*listening);
    if (!info) return false;
    if (info->tcpi_unacked == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  } while (std::chrono::steady_clock::now() < give_up);
  return false;
}

}  // namespace server_test
