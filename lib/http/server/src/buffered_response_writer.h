// The ResponseWriter a handler gets from either server: it collects the status, the headers and
// the body, and the adapter sends them once the handler has returned.
//
// Collecting first is what lets a handler choose its status after its work is done (200 with the
// body, or 500/503/504 on a failure): nothing reaches the client before the handler returns. A
// handler that learns its client is gone simply writes nothing; the adapter's response then goes
// to a closed connection (or a reset stream) and is dropped.
#pragma once

#include <optional>
#include <string>

#include "http/handler.h"
#include "http/response_writer.h"

namespace httplib {
struct Response;
}

namespace http::detail {

class BufferedResponseWriter final : public ResponseWriter {
 public:
  http::Header& Header() override { return header_; }
  std::expected<std::size_t, std::error_code> Write(std::string_view bytes) override;
  void WriteHeader(int status) override;

  // Whether the handler wrote neither a status nor a byte.
  bool WroteNothing() const noexcept { return !status_.has_value(); }

  // What is sent, with Go's defaults for what the handler left out: 200 when it wrote nothing at
  // all, and a text/plain Content-Type for a body that names none.
  int Status() const noexcept;
  const std::string& Body() const noexcept { return body_; }
  http::Header HeaderToSend() const;

  // Moves what the handler wrote into cpp-httplib's response (the HTTP/1.1 server).
  void MoveTo(httplib::Response& response) &&;

 private:
  http::Header header_;
  std::optional<int> status_;
  std::string body_;
};

// What a request's client gets once its handler has returned.
struct HandlerAnswer {
  BufferedResponseWriter response;
  // The handler wrote nothing because the server is stopping: the answer is a 503, and the
  // connection should not be kept for another request.
  bool server_closing = false;
};

// Runs `handler` for `request` the same way on both protocols: what the handler wrote; 503 if it
// wrote nothing because the server is shutting down; a bare 500 if it threw (like Go's server
// after a panic in a handler: the server carries on).
HandlerAnswer CallHandler(const HandlerFunc& handler, const Request& request);

}  // namespace http::detail
