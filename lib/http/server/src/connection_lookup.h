// Finding the socket a cpp-httplib request arrived on.
//
// cpp-httplib hands a handler the two ends of its connection (Request::local_addr/local_port and
// remote_addr/remote_port) but not the socket itself. A TCP connection is identified by those four
// values, so the socket is the one descriptor of this process whose getsockname() and
// getpeername() give them back. That is a scan over the process's descriptors: done once per
// connection (the caller caches the answer and re-checks it with IsSocketOf, two system calls).
//
// Linux only (/proc/self/fd).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace http::detail {

// One end of a TCP connection in a form that compares cheaply: IPv4 addresses are stored as
// IPv4-mapped IPv6 addresses, so "127.0.0.1" and "::ffff:127.0.0.1" are the same endpoint.
struct Endpoint {
  std::array<std::uint8_t, 16> address{};
  std::uint16_t port = 0;

  // Parses a numeric address as cpp-httplib formats it; nullopt if it is not an IP address.
  static std::optional<Endpoint> Parse(std::string_view numeric_address, int port);

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

struct ConnectionAddress {
  Endpoint local;
  Endpoint remote;

  friend bool operator==(const ConnectionAddress&, const ConnectionAddress&) = default;
};

// Whether `fd` is, right now, the socket of the connection at `address`.
bool IsSocketOf(int fd, const ConnectionAddress& address) noexcept;

// The descriptor of the connection at `address`, or nullopt if this process has none. For a
// connection that cpp-httplib has not closed yet, "none" means its peer has already reset it:
// getpeername() fails on a reset socket.
std::optional<int> FindSocketOf(const ConnectionAddress& address);

}  // namespace http::detail
