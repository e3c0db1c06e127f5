// spies::SpyResponseWriter: a ResponseWriter that only remembers which of its methods were called.
//
// httptest::ResponseRecorder shows *what* was written, but cannot tell "an empty body was
// written" from "nothing was touched". This spy can: any call to Header(), Write() or
// WriteHeader() counts as writing a response.
//
//   spies::SpyResponseWriter response;
//   server(response, request);
//   EXPECT_TRUE(response.NothingWasWritten());
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <expected>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "http/header.h"
#include "http/response_writer.h"

namespace spies {

class SpyResponseWriter final : public http::ResponseWriter {
 public:
  http::Header& Header() override;
  // Writes nowhere: answers with an error, as a writer whose client has gone would.
  std::expected<std::size_t, std::error_code> Write(std::string_view bytes) override;
  void WriteHeader(int status) override;

  bool Written() const;
  // For EXPECT_TRUE: on failure it lists the calls the handler made.
  ::testing::AssertionResult NothingWasWritten() const;

 private:
  void Record(std::string call);

  mutable std::mutex mutex_;  // a handler may misbehave and write from another thread
  std::vector<std::string> calls_;
  http::Header header_;
};

}  // namespace spies
