#include "buffered_response_writer.h"

#include <httplib.h>

#include "http/header.h"
#include "http/server.h"
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

int BufferedResponseWriter::Status() const noexcept {
  return status_.value_or(StatusOK);
}

http::Header BufferedResponseWriter::HeaderToSend() const {
  http::Header header;
  for (const auto& [name, values] : header_.All()) {
    // Each server computes the length of the body itself.
    if (EqualsIgnoringCase(name, "Content-Length")) continue;
    for (const std::string& value : values) header.Add(name, value);
  }
  if (!body_.empty() && !header.Has("Content-Type")) {
    header.Set("Content-Type", "text/plain; charset=utf-8");
  }
  return header;
}

void BufferedResponseWriter::MoveTo(httplib::Response& response) && {
  response.status = Status();
  const http::Header header = HeaderToSend();  // kept: a range-for over a temporary's part dangles
  for (const auto& [name, values] : header.All()) {
    for (const std::string& value : values) response.set_header(name, value);
  }
  response.body = std::move(body_);
}

HandlerAnswer CallHandler(const HandlerFunc& handler, const Request& request) {
  HandlerAnswer answer;
  bool threw = false;
  try {
    handler(answer.response, request);
  } catch (...) {
    threw = true;
  }
  if (answer.response.WroteNothing() && context::Cause(request.Context()) == ErrServerClosed) {
    // The handler gave up because the server is stopping: say so, rather than an empty 200.
    answer.response.WriteHeader(StatusServiceUnavailable);
    answer.server_closing = true;
  } else if (threw) {
    answer = HandlerAnswer{};  // whatever it wrote before throwing is not an answer
    answer.response.WriteHeader(StatusInternalServerError);
  }
  return answer;
}

}  // namespace http::detail
