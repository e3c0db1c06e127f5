// httptest::Http2Client: an HTTP/2 client (cleartext, prior knowledge) on one connection, for
// tests and benchmarks that must open several streams at once and reset some of them, which is
// how HTTP/2 clients cancel a request. Built on libnghttp2's client session.
//
//   auto client = httptest::Http2Client::Connect(port);
//   const auto slow = client->Send("GET", "/slow");
//   const auto fast = client->Send("GET", "/fast");
//   client->Reset(slow);                      // RST_STREAM CANCEL: only /slow is cancelled
//   auto response = client->Await(fast);      // the other stream still gets its answer
//
// Frames are sent in the order they were asked for, but only when a call writes (Flush, Await,
// Pump): a request and its reset can leave in one packet, as a Rapid Reset client sends them.
// Every wait is bounded by a
// timeout, so a broken server fails a test instead of hanging it. One thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "http/header.h"

namespace httptest {

// HTTP/2 error codes (RFC 9113, 7) a test sends or expects.
inline constexpr std::uint32_t kH2NoError = 0x0;
inline constexpr std::uint32_t kH2ProtocolError = 0x1;
inline constexpr std::uint32_t kH2InternalError = 0x2;
inline constexpr std::uint32_t kH2RefusedStream = 0x7;
inline constexpr std::uint32_t kH2Cancel = 0x8;
inline constexpr std::uint32_t kH2EnhanceYourCalm = 0xb;

struct Http2Response {
  int status = 0;  // 0 until the response's head arrived
  http::Header header;
  std::string body;
  bool complete = false;               // the whole response arrived (END_STREAM)
  std::optional<std::uint32_t> reset;  // the stream was reset (by either end) with this code
};

class Http2Client {
 public:
  // Connects to 127.0.0.1:port and queues HTTP/2's connection preface and SETTINGS, with the
  // flow-control window it opens to the server for each stream (0: a client that reads nothing).
  static std::expected<Http2Client, std::error_code> Connect(int port,
                                                             std::uint32_t stream_window = 65'535);

  Http2Client(Http2Client&&) noexcept;
  Http2Client& operator=(Http2Client&&) noexcept;
  ~Http2Client();  // closes the connection

  // Queues a request on a new stream and returns the stream's id (odd: 1, 3, 5...).
  std::int32_t Send(std::string_view method, std::string_view path, std::string body = {},
                    const std::vector<std::pair<std::string, std::string>>& header = {});
  // Queues RST_STREAM for a stream: the client no longer wants its answer.
  void Reset(std::int32_t stream, std::uint32_t error_code = kH2Cancel);
  // Queues GOAWAY: the client opens no new stream (NO_ERROR), or gives up on the connection
  // because of an error (any other code).
  void Goaway(std::uint32_t error_code = kH2NoError);

  // Writes what is queued and reads until `stream` is answered or reset: its response, or
  // nothing if neither happened within `timeout` or the connection ended first.
  std::optional<Http2Response> Await(std::int32_t stream,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Writes what is queued and reads for `duration`, or until the connection ends (false then).
  bool Pump(std::chrono::milliseconds duration);
  // Writes what is queued, as far as the socket takes it without waiting.
  bool Flush();
  // Sends a PING and waits for its ACK: once it returns true, the server has read every frame
  // sent before (it answers a PING in order, after processing what came first).
  bool RoundTrip(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // What has been seen of `stream` so far.
  const Http2Response* Seen(std::int32_t stream) const;
  // The server's GOAWAY code, once one arrived.
  std::optional<std::uint32_t> GoawayCode() const;
  // Whether the connection has ended (the server closed it, or a protocol error).
  bool Ended() const;
  // The server's SETTINGS_MAX_CONCURRENT_STREAMS (unbounded until its SETTINGS arrive).
  std::uint32_t ServerMaxConcurrentStreams() const;

  // Closes the connection at once: the server sees a FIN.
  void Close();

 private:
  struct State;
  explicit Http2Client(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace httptest
