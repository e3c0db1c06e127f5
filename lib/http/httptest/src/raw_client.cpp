#include "httptest/raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <utility>

namespace httptest {
namespace {

std::error_code LastError() {
  return {errno, std::system_category()};
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Parses "HTTP/1.1 200 OK\r\nName: value\r\n..." (without the blank line) into `response`.
bool ParseHead(std::string_view head, RawResponse& response) {
  const auto line_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, line_end);
  const auto space = status_line.find(' ');
  if (!status_line.starts_with("HTTP/") || space == std::string_view::npos) return false;
  const std::string_view code = status_line.substr(space + 1, 3);
  if (std::from_chars(code.data(), code.data() + code.size(), response.status).ec != std::errc{}) {
    return false;
  }
  std::string_view rest = line_end == std::string_view::npos ? "" : head.substr(line_end + 2);
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? "" : rest.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    response.header[std::string(Trim(line.substr(0, colon)))] =
        std::string(Trim(line.substr(colon + 1)));
  }
  return true;
}

}  // namespace

std::expected<RawClient, std::error_code> RawClient::Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::unexpected(LastError());
  RawClient client(fd);
  const int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return std::unexpected(LastError());
  }
  return client;
}

RawClient::RawClient(RawClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}

RawClient& RawClient::operator=(RawClient&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

RawClient::~RawClient() {
  Close();
}

std::expected<void, std::error_code> RawClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(LastError());
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return {};
}

std::expected<void, std::error_code> RawClient::SendRequest(std::string_view method,
                                                            std::string_view target) {
  std::string request;
  request.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  request.append("Host: 127.0.0.1\r\n\r\n");
  return Send(request);
}

bool RawClient::ReadMore(std::chrono::steady_clock::time_point deadline) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  while (true) {
    const auto left = duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd ready{.fd = fd_, .events = POLLIN, .revents = 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(left.count()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) return false;
    std::array<char, 4096> chunk;
    const ssize_t received = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (received < 0 && errno == EINTR) continue;
    if (received <= 0) return false;
    buffer_.append(chunk.data(), static_cast<std::size_t>(received));
    return true;
  }
}

std::expected<RawResponse, std::error_code> RawClient::ReadResponse(
    std::chrono::milliseconds timeout, bool head) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto timed_out = std::unexpected(std::make_error_code(std::errc::timed_out));
  std::size_t head_end = 0;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(deadline)) return timed_out;
  }
  RawResponse response;
  if (!ParseHead(std::string_view(buffer_).substr(0, head_end), response)) {
    return std::unexpected(std::make_error_code(std::errc::bad_message));
  }
  std::size_t body_length = 0;
  if (const auto length = response.header.find("content-length");
      length != response.header.end() && !head) {
    const std::string& digits = length->second;
    std::from_chars(digits.data(), digits.data() + digits.size(), body_length);
  }
  const std::size_t body_start = head_end + 4;
  while (buffer_.size() < body_start + body_length) {
    if (!ReadMore(deadline)) return timed_out;
  }
  response.body = buffer_.substr(body_start, body_length);
  buffer_.erase(0, body_start + body_length);
  return response;
}

bool RawClient::ServerClosesWithin(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd ready{.fd = fd_, .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
    std::array<char, 512> chunk;
    const ssize_t received = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (received == 0 || (received < 0 && errno != EINTR)) return true;
    if (received > 0) return false;  // more data: not a close
  }
}

void RawClient::Close() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

void RawClient::HalfClose() {
  ::shutdown(fd_, SHUT_WR);
}

void RawClient::Reset() {
  if (fd_ < 0) return;
  // Lingering for zero seconds makes close() abort the connection with an RST.
  const linger abort_on_close{.l_onoff = 1, .l_linger = 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  Close();
}

}  // namespace httptest
