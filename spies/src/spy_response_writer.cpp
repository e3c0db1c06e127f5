#include "spies/spy_response_writer.h"

#include <utility>

namespace spies {

http::Header& SpyResponseWriter::Header() {
  Record("Header()");
  return header_;
}

std::expected<std::size_t, std::error_code> SpyResponseWriter::Write(std::string_view bytes) {
  Record("Write(\"" + std::string(bytes) + "\")");
  return std::unexpected(std::make_error_code(std::errc::not_supported));
}

void SpyResponseWriter::WriteHeader(int status) {
  Record("WriteHeader(" + std::to_string(status) + ")");
}

bool SpyResponseWriter::Written() const {
  std::lock_guard lock(mutex_);
  return !calls_.empty();
}

::testing::AssertionResult SpyResponseWriter::NothingWasWritten() const {
  std::lock_guard lock(mutex_);
  if (calls_.empty()) return ::testing::AssertionSuccess() << "nothing was written";
  auto failure = ::testing::AssertionFailure() << "a response should not have been written, but "
                                                  "the handler called";
  for (const auto& call : calls_) failure << " " << call;
  return failure;
}

void SpyResponseWriter::Record(std::string call) {
  std::lock_guard lock(mutex_);
  calls_.push_back(std::move(call));
}

}  // namespace spies
