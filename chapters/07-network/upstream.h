// UpstreamCall: one GET to another HTTP service (an "upstream"), which another thread may stop.
//
//   tutorial::UpstreamCall call("127.0.0.1", 8081);
//   std::stop_callback stop(ctx.Done(), [&] { call.Stop(); });  // ctx ends -> the call ends
//   auto response = call.Get("/price?item=7", {});
//
// A call is one connection, used for one request: cpp-httplib underneath, keep-alive off. Why
// not reuse connections? A stopped request leaves its connection in no known state (half a
// request sent, half an answer read), so it may never carry the next one; a fresh connection per
// request is the simplest way to be sure of that, and on a local network it costs a connect,
// tens of microseconds. A pool would have to tell stopped connections apart and drop them.
#pragma once

#include <atomic>
#include <expected>
#include <iosfwd>
#include <memory>
#include <string>
#include <system_error>

#include "http/header.h"

namespace tutorial {

// The answer of an upstream service.
struct UpstreamResponse {
  int status = 0;
  std::string body;
  http::Header header;
};

// How GoogleTest and GoogleMock print an answer (found by ADL), instead of its bytes:
// status 200, body "profile of ada\n".
void PrintTo(const UpstreamResponse& response, std::ostream* os);

// Why a call failed, as cpp-httplib says it (httplib::Error's values and words: "Connection",
// "Read", "Write"...). A stopped call fails with whatever its socket saw, usually Read.
const std::error_category& upstream_category() noexcept;

// One request to an upstream service, on a connection of its own, that another thread may stop.
class UpstreamCall {
 public:
  UpstreamCall(std::string host, int port);
  ~UpstreamCall();
  UpstreamCall(const UpstreamCall&) = delete;
  UpstreamCall& operator=(const UpstreamCall&) = delete;

  // Sends GET target with the given header fields and waits for the whole answer. Any failure to
  // connect, send or read (including Stop()) is an error code.
  std::expected<UpstreamResponse, std::error_code> Get(const std::string& target,
                                                       const http::Header& header);

  // Makes a Get() blocked on another thread return at once, and the upstream sees its client hang
  // up. noexcept, so it may run in a std::stop_callback. A Get() that starts after Stop() fails
  // at once without sending anything. Stopping is for good: the call cannot be used again.
  void Stop() noexcept;

 private:
  class Connection;  // cpp-httplib's client, kept out of this header
  std::unique_ptr<Connection> connection_;
  std::atomic<bool> stopped_{false};
};

}  // namespace tutorial
