#include "connection_lookup.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace http::detail {
namespace {

// The prefix that turns an IPv4 address into an IPv4-mapped IPv6 one (::ffff:a.b.c.d).
constexpr std::array<std::uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

Endpoint FromV4(const in_addr& address, std::uint16_t port) {
  Endpoint endpoint;
  std::ranges::copy(kV4MappedPrefix, endpoint.address.begin());
  std::memcpy(endpoint.address.data() + kV4MappedPrefix.size(), &address, sizeof address);
  endpoint.port = port;
  return endpoint;
}

Endpoint FromV6(const in6_addr& address, std::uint16_t port) {
  Endpoint endpoint;
  std::memcpy(endpoint.address.data(), &address, sizeof address);
  endpoint.port = port;
  return endpoint;
}

std::optional<Endpoint> FromSockaddr(const sockaddr_storage& storage) {
  if (storage.ss_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, &storage, sizeof v4);
    return FromV4(v4.sin_addr, ntohs(v4.sin_port));
  }
  if (storage.ss_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, &storage, sizeof v6);
    return FromV6(v6.sin6_addr, ntohs(v6.sin6_port));
  }
  return std::nullopt;
}

// getsockname() or getpeername(), as an Endpoint.
template <auto kGetName>
std::optional<Endpoint> EndpointOf(int fd) noexcept {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (kGetName(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) return std::nullopt;
  return FromSockaddr(storage);
}

struct DirectoryCloser {
  void operator()(DIR* directory) const noexcept { ::closedir(directory); }
};

}  // namespace

std::optional<Endpoint> Endpoint::Parse(std::string_view numeric_address, int port) {
  if (port < 0 || port > 65535) return std::nullopt;
  // A link-local IPv6 address may carry a zone ("fe80::1%eth0"); the zone is not part of the
  // address that getsockname() returns.
  const std::string address(numeric_address.substr(0, numeric_address.find('%')));
  const auto host_port = static_cast<std::uint16_t>(port);
  if (in_addr v4; ::inet_pton(AF_INET, address.c_str(), &v4) == 1) return FromV4(v4, host_port);
  if (in6_addr v6; ::inet_pton(AF_INET6, address.c_str(), &v6) == 1) return FromV6(v6, host_port);
  return std::nullopt;
}

std::optional<Endpoint> ReportedPeer(std::string_view remote_addr, int remote_port) {
  if (remote_port <= 0) return std::nullopt;  // Parse() accepts port 0; no TCP peer has it
  return Endpoint::Parse(remote_addr, remote_port);
}

bool IsSocketOf(int fd, const ConnectionAddress& address) noexcept {
  // The remote end first: one system call tells apart every other socket of a server, whose
  // connections all share the local end. It fails fast on descriptors that are not sockets and on
  // the listening socket (not connected).
  return EndpointOf<::getpeername>(fd) == address.remote &&
         EndpointOf<::getsockname>(fd) == address.local;
}

std::optional<int> FindSocketOf(const ConnectionAddress& address, std::span<const int> likely) {
  for (const int fd : likely) {
    if (IsSocketOf(fd, address)) return fd;
  }
  const std::unique_ptr<DIR, DirectoryCloser> directory(::opendir("/proc/self/fd"));
  if (!directory) return std::nullopt;
  const int directory_fd = ::dirfd(directory.get());
  while (const dirent* entry = ::readdir(directory.get())) {
    const std::string_view name = entry->d_name;
    int fd = -1;
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc{}) continue;
    if (fd != directory_fd && IsSocketOf(fd, address)) return fd;
  }
  return std::nullopt;
}

}  // namespace http::detail

namespace http::detail {

namespace {

// Moves `fd` to the end (the most recent place) of `numbers`, forgetting the oldest if need be.
void MoveToEnd(std::vector<int>& numbers, int fd, std::size_t capacity) {
  if (!numbers.empty() && numbers.back() == fd) return;  // a keep-alive connection, again
  std::erase(numbers, fd);
  numbers.push_back(fd);
  if (numbers.size() > capacity) numbers.erase(numbers.begin());
}

}  // namespace

void LikelySockets::Served(int fd, bool last) {
  const std::scoped_lock lock(mutex_);
  MoveToEnd(last ? closing_ : served_, fd, kRemembered);
}

void LikelySockets::Found(int fd) {
  const std::scoped_lock lock(mutex_);
  std::erase(closing_, fd);
}

std::vector<int> LikelySockets::InOrder() const {
  const std::scoped_lock lock(mutex_);
  std::vector<int> numbers(closing_.rbegin(), closing_.rend());
  numbers.insert(numbers.end(), served_.rbegin(), served_.rend());
  return numbers;
}

}  // namespace http::detail
