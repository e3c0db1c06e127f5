// httptest::RawClient: an HTTP/1.1 client on a bare TCP socket, for tests and benchmarks that
// must hang up in a precise way, which no ordinary client library lets you choose:
//   Close()      a full close: the server sees a FIN (a closed browser tab, curl giving up);
//   HalfClose()  shutdown(SHUT_WR): "I have nothing more to say" (Go counts it as a hang-up);
//   Reset()      an abortive close: the server sees an RST (a crashed client, a dropped network).
// Every wait is bounded by a timeout, so a broken server fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <system_error>

#include "http/header.h"

namespace httptest {

struct RawResponse {
  int status = 0;
  // Names compare case-insensitively, as in http::Header: header.find("content-length").
  std::map<std::string, std::string, http::CaseInsensitiveLess> header;
  std::string body;
};

class RawClient {
 public:
  // Connects to 127.0.0.1:port.
  static std::expected<RawClient, std::error_code> Connect(int port);

  RawClient(RawClient&& other) noexcept;
  RawClient& operator=(RawClient&& other) noexcept;
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  ~RawClient();  // a full close, unless the connection was already closed or reset

  // Sends bytes exactly as given.
  std::expected<void, std::error_code> Send(std::string_view bytes);
  // Sends "<method> <target> HTTP/1.1" with a Host header and an empty body.
  std::expected<void, std::error_code> SendRequest(std::string_view method = "GET",
                                                   std::string_view target = "/");

  // Reads the next response (status line, headers, a Content-Length body). A response to HEAD
  // has no body, whatever its Content-Length says: pass head = true for one.
  std::expected<RawResponse, std::error_code> ReadResponse(
      std::chrono::milliseconds timeout = std::chrono::seconds(5), bool head = false);

  // Whether the server closes the connection (or it is reset) before `timeout` passes, with
  // nothing more to read.
  bool ServerClosesWithin(std::chrono::milliseconds timeout);

  void Close();
  void HalfClose();
  void Reset();

 private:
  explicit RawClient(int fd) noexcept : fd_(fd) {}
  // Reads what arrives within the time left into buffer_; false on timeout, error or end of file.
  bool ReadMore(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;  // received but not yet parsed: the start of a pipelined next response
};

}  // namespace httptest
