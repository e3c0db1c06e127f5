#include "framing.h"

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "http/status.h"

namespace http::detail {
namespace {

// A Content-Length value: one or more digits and nothing else (no sign, no space, no list).
std::optional<std::size_t> ParseLength(std::string_view digits) {
  std::size_t length = 0;
  const char* end = digits.data() + digits.size();
  const auto [stop, error] = std::from_chars(digits.data(), end, length);
  if (digits.empty() || error != std::errc{} || stop != end || digits.front() == '-') {
    return std::nullopt;
  }
  return length;
}

bool IsChunked(std::string_view coding) {
  constexpr std::string_view kChunked = "chunked";
  if (coding.size() != kChunked.size()) return false;
  for (std::size_t i = 0; i < coding.size(); ++i) {
    if ((coding[i] | 0x20) != kChunked[i]) return false;  // ASCII letters, any case
  }
  return true;
}

}  // namespace

int CheckFraming(const httplib::Headers& headers, std::size_t max_body_bytes) {
  const auto [lengths_begin, lengths_end] = headers.equal_range("Content-Length");
  const auto codings = headers.count("Transfer-Encoding");
  if (codings > 0) {
    if (lengths_begin != lengths_end || codings > 1) return StatusBadRequest;
    if (!IsChunked(headers.find("Transfer-Encoding")->second)) return StatusBadRequest;
    return 0;
  }
  std::optional<std::size_t> declared;
  for (auto it = lengths_begin; it != lengths_end; ++it) {
    const auto length = ParseLength(it->second);
    if (!length || (declared && *declared != *length)) return StatusBadRequest;
    declared = length;
  }
  if (declared && *declared > max_body_bytes) return StatusRequestEntityTooLarge;
  return 0;
}

bool DeclaresBody(const httplib::Headers& headers) {
  if (headers.count("Transfer-Encoding") > 0) return true;
  const auto length = headers.find("Content-Length");
  return length != headers.end() && length->second != "0";
}

}  // namespace http::detail
