// http::ResponseWriter: how a handler answers, like Go's http.ResponseWriter.
//
// A handler sets headers through Header(), may choose a status with WriteHeader(), then writes the
// body with Write(). The first Write sends status 200 if WriteHeader was not called; headers
// changed after the status was sent no longer reach the client.
#pragma once

#include <cstddef>
#include <expected>
#include <string_view>
#include <system_error>

#include "http/header.h"

namespace http {

class ResponseWriter {
 public:
  virtual ~ResponseWriter() = default;

  // The headers that will be sent with the status line.
  virtual http::Header& Header() = 0;

  // Appends `bytes` to the body: the number of bytes written, or why they could not be (for
  // example the client hung up).
  virtual std::expected<std::size_t, std::error_code> Write(std::string_view bytes) = 0;

  // Sends the status line and the headers. Only the first call counts.
  virtual void WriteHeader(int status) = 0;

 protected:
  // Writers are used through references; copying one through its base would slice it.
  ResponseWriter() = default;
  ResponseWriter(const ResponseWriter&) = default;
  ResponseWriter& operator=(const ResponseWriter&) = default;
};

}  // namespace http
