// The byte stream cpp-httplib reads a connection's requests from and writes its answers to, one
// per connection for all of its requests.
//
// cpp-httplib's own stream knows only a timeout per read, which every byte restarts, and it is
// made anew for each request, dropping what it had read ahead (a pipelined next request). This
// one adds what a server facing the open network needs:
//   - a deadline for the whole request head, and another for the whole body, so a client that
//     sends either a little at a time cannot hold a thread longer than that;
//   - the server's stop signal (an eventfd), so that shutdown wakes every connection waiting
//     for bytes at once instead of after its timeout;
//   - a read-ahead buffer that outlives each request, so pipelined requests are all served.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace http::detail {

struct StreamTimeouts {
  std::chrono::milliseconds read;
  std::chrono::milliseconds write;
};

class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  // Neither descriptor is owned: the caller closes `fd`; `stop_fd` outlives the stream.
  ConnectionStream(int fd, int stop_fd, StreamTimeouts timeouts) noexcept
      : fd_(fd), stop_fd_(stop_fd), timeouts_(timeouts) {}

  enum class Wait { kReady, kIdleTooLong, kClosed, kStopping };
  // Whether a request has started to arrive (read ahead, or waiting in the socket).
  bool RequestWaiting() const;
  // Waits until the next request starts (a byte arrives, or one is already read ahead), the
  // connection closes, `idle` passes, or the server stops.
  Wait WaitForRequest(std::chrono::milliseconds idle);

  // While a head is read, no read waits past `deadline`; EndOfHead() lifts it.
  void StartHead(Clock::time_point deadline) noexcept { head_deadline_ = deadline; }
  void EndOfHead() noexcept { head_deadline_.reset(); }
  bool ReadingHead() const noexcept { return head_deadline_.has_value(); }
  // The same for a body: no read waits past `deadline` until EndOfBody(); BodyExpired() says
  // whether a read gave up because it had passed (the caller answers 408).
  void StartBody(Clock::time_point deadline) noexcept { body_deadline_ = deadline; }
  void EndOfBody() noexcept { body_deadline_.reset(); }
  bool BodyExpired() const noexcept { return body_expired_; }

  // The server stopped, or the head's deadline passed, while a head was read. cpp-httplib's answer
  // to the broken head (400) is then dropped: writes are discarded from then on, and the caller
  // answers 503 or 408 with WriteDirectly().
  bool StoppedInHead() const noexcept { return stopped_in_head_; }
  bool HeadExpired() const noexcept { return head_expired_; }
  bool WriteDirectly(std::string_view bytes);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return fd_; }

 private:
  enum class Ready { kYes, kTimedOut, kStopping, kError };
  // Polls the socket for `events` and the stop signal, up to `timeout`.
  Ready Poll(short events, std::chrono::milliseconds timeout) const;
  // How long the next read may wait: the read timeout, cut short by the head's or the body's
  // deadline.
  std::chrono::milliseconds ReadWait() const;

  const int fd_;
  const int stop_fd_;
  const StreamTimeouts timeouts_;
  std::optional<Clock::time_point> head_deadline_;
  std::optional<Clock::time_point> body_deadline_;
  bool stopped_in_head_ = false;
  bool head_expired_ = false;
  bool body_expired_ = false;
  std::array<char, 4096> read_ahead_{};
  std::size_t read_ahead_begin_ = 0;
  std::size_t read_ahead_end_ = 0;
};

}  // namespace http::detail
