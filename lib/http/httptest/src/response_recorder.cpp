#include "httptest/response_recorder.h"

#include <utility>

#include "httptest/request.h"

namespace httptest {

http::Request NewRequest(std::string_view method, std::string_view target, std::string body) {
  http::Request request{std::string(method), std::string(target)};
  request.body = std::move(body);
  return request;
}

std::expected<std::size_t, std::error_code> ResponseRecorder::Write(std::string_view bytes) {
  WriteHeader(http::StatusOK);  // a no-op if the handler already chose a status
  body_.append(bytes);
  return bytes.size();
}

void ResponseRecorder::WriteHeader(int status) {
  if (wrote_header_) return;
  wrote_header_ = true;
  code_ = status;
  sent_header_ = header_;
}

}  // namespace httptest
