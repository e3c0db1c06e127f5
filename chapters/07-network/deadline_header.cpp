#include "deadline_header.h"

#include <algorithm>

namespace tutorial {
namespace {

constexpr std::chrono::milliseconds kLongest{999'999'999};  // 9 digits

}  // namespace

std::string FormatTimeout(std::chrono::milliseconds left) {
  return std::to_string(std::clamp(left, std::chrono::milliseconds{1}, kLongest).count());
}

std::optional<std::chrono::milliseconds> ParseTimeout(std::string_view value) {
  if (value.empty() || value.size() > 9) return std::nullopt;
  long long milliseconds = 0;  // 9 digits always fit: no overflow to check
  for (const char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    milliseconds = milliseconds * 10 + (c - '0');
  }
  if (milliseconds == 0) return std::nullopt;
  return std::chrono::milliseconds{milliseconds};
}

}  // namespace tutorial
