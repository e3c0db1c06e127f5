// httptest::ResponseRecorder: a ResponseWriter that remembers what the handler wrote, so a test
// can check it (Go's httptest.ResponseRecorder).
//
//   httptest::ResponseRecorder response;
//   handler(response, httptest::NewRequest(http::MethodGet, "/"));
//   EXPECT_EQ(response.Body(), "hello, world");
//
// It follows the rules of a real writer: the first WriteHeader wins, the first Write sends 200
// if no status was chosen, and headers changed after that are not part of the result.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "http/header.h"
#include "http/response_writer.h"
#include "http/status.h"

namespace httptest {

class ResponseRecorder final : public http::ResponseWriter {
 public:
  http::Header& Header() override { return header_; }
  std::expected<std::size_t, std::error_code> Write(std::string_view bytes) override;
  void WriteHeader(int status) override;

  // The status sent; 200 when the handler wrote nothing at all, as in Go.
  int Code() const noexcept { return code_; }
  // Whether a status line was sent, explicitly or by the first Write.
  bool WroteHeader() const noexcept { return wrote_header_; }
  // The headers as they were when the status was sent (the live ones if it was not sent yet).
  const http::Header& ResultHeader() const noexcept {
    return wrote_header_ ? sent_header_ : header_;
  }
  // Everything written to the body, in order.
  const std::string& Body() const noexcept { return body_; }

 private:
  http::Header header_;
  http::Header sent_header_;
  std::string body_;
  int code_ = 200;
  bool wrote_header_ = false;
};

}  // namespace httptest
