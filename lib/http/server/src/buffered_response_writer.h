// The ResponseWriter a handler gets from the server: it collects the status, the headers and the
// body, and the adapter hands them to cpp-httplib once the handler has returned.
//
// Collecting first is what lets a handler choose its status after its work is done (200 with the
// body, or 500/503/504 on a failure): nothing reaches the client before the handler returns. A
// handler that learns its client is gone simply writes nothing; the adapter's response then goes
// to a closed connection and is dropped.
#pragma once

#include <optional>
#include <string>

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

  // Moves what the handler wrote into cpp-httplib's response. As in Go, a handler that wrote
  // nothing at all answers 200 with an empty body.
  void MoveTo(httplib::Response& response) &&;

 private:
  http::Header header_;
  std::optional<int> status_;
  std::string body_;
};

}  // namespace http::detail
