#include "buffered_response_writer.h"

#include <httplib.h>

#include "http/header.h"
#include "http/status.h"

namespace http::detail {

std::expected<std::size_t, std::error_code> BufferedResponseWriter::Write(std::string_view bytes) {
  if (!status_) status_ = StatusOK;  // Go's rule: the first Write implies 200
  body_.append(bytes);
  return bytes.size();
}

void BufferedResponseWriter::WriteHeader(int status) {
  if (!status_) status_ = status;  // only the first call counts
}

void BufferedResponseWriter::MoveTo(httplib::Response& response) && {
  response.status = status_.value_or(StatusOK);
  for (const auto& [name, values] : header_.All()) {
    // cpp-httplib computes the length of the body itself.
    if (EqualsIgnoringCase(name, "Content-Length")) continue;
    for (const std::string& value : values) response.set_header(name, value);
  }
  if (!body_.empty() && !header_.Has("Content-Type")) {
    response.set_header("Content-Type", "text/plain; charset=utf-8");
  }
  response.body = std::move(body_);
}

}  // namespace http::detail
