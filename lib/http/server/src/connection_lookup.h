// Finding the socket a cpp-httplib request arrived on.
//
// cpp-httplib hands a handler the two ends of its connection (Request::local_addr/local_port and
// remote_addr/remote_port) but not the socket itself. A TCP connection is identified by those four
// values, so the socket is the one descriptor of this process whose getsockname() and
// getpeername() give them back. That is a scan over the process's descriptors, so the server
// does it once per connection, for its first request, and keeps the answer until the connection
// ends.
//
// Linux only (/proc/self/fd).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

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

// The client's end of a connection as cpp-httplib reports it (Request::remote_addr and
// remote_port), or nullopt if the report says the client has already reset the connection.
// cpp-httplib asks getpeername() once a worker takes the connection; on a reset socket that call
// fails, and each version reports the failure its own way: 0.11 leaves the port at -1, 0.18 gives
// an empty address and port 0. A connected TCP client always has an IP address and a port from 1
// to 65535, so anything else means "gone".
std::optional<Endpoint> ReportedPeer(std::string_view remote_addr, int remote_port);

// Whether `fd` is, right now, the socket of the connection at `address`.
bool IsSocketOf(int fd, const ConnectionAddress& address) noexcept;

// The descriptor of the connection at `address`, or nullopt if this process has none. For a
// connection that cpp-httplib has not closed yet, "none" means its peer has already reset it:
// getpeername() fails on a reset socket. The descriptors in `likely` are tried first, in order,
// before the scan of every descriptor.
std::optional<int> FindSocketOf(const ConnectionAddress& address, std::span<const int> likely = {});

// Where a new connection's socket most likely is, so that FindSocketOf rarely needs its scan
// (with 50 clients: a read of /proc and a hundred system calls for each new connection).
//
// Linux gives a new descriptor the lowest free number, so while clients come and go, a new
// connection's socket nearly always takes the number of one that has just closed, often before
// the thread that closed it has even returned to the adapter. The server knows which connections
// are about to close (their last request is being answered) and tells this class; the numbers of
// those come first, then those of the sockets that served a request most recently. Thread-safe.
class LikelySockets {
 public:
  // The socket `fd` has served a request; if `last`, it is about to be closed.
  void Served(int fd, bool last);
  // A new connection's socket was found at `fd`: it is no longer about to be closed.
  void Found(int fd);
  // The numbers to try, the likeliest first.
  std::vector<int> InOrder() const;

 private:
  static constexpr std::size_t kRemembered = 64;
  mutable std::mutex mutex_;
  std::vector<int> closing_;  // the most recent last
  std::vector<int> served_;   // the most recent last
};

}  // namespace http::detail
