#include "compiler_errors.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "text.h"

namespace kit {

namespace {

constexpr std::size_t kExcerptLines = 3;

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::ranges::all_of(text, [](unsigned char c) { return std::isdigit(c); });
}

// "path:12:5: error: message" (g++ and clang++); "fatal error:" too. The location must end in
// line and column numbers, which sets it apart from "In instantiation of" and linker lines.
bool IsCompilerError(std::string_view line) {
  auto marker = line.find(": error: ");
  if (marker == std::string_view::npos) marker = line.find(": fatal error: ");
  if (marker == std::string_view::npos) return false;
  const auto location = line.substr(0, marker);
  const auto column_colon = location.rfind(':');
  if (column_colon == std::string_view::npos) return false;
  const auto line_colon = location.rfind(':', column_colon - 1);
  return line_colon != std::string_view::npos && AllDigits(location.substr(column_colon + 1)) &&
         AllDigits(location.substr(line_colon + 1, column_colon - line_colon - 1));
}

// The source excerpt under an error: "   12 |   code" and "      |   ^~~~".
bool IsExcerpt(std::string_view line) {
  const auto bar = line.find(" | ");
  if (bar == std::string_view::npos && !line.ends_with(" |")) return false;
  const auto gutter = line.substr(0, std::min(bar, line.size()));
  return std::ranges::all_of(gutter, [](unsigned char c) { return std::isdigit(c) || c == ' '; });
}

// The linker's complaint, without its object-file prefix: "undefined reference to `...'".
std::optional<std::string> LinkError(std::string_view line) {
  for (const std::string_view problem : {"undefined reference to", "multiple definition of"}) {
    if (const auto at = line.find(problem); at != std::string_view::npos) {
      return "link error: " + std::string(line.substr(at));
    }
  }
  return std::nullopt;
}

std::string Shortened(std::string_view line, const std::filesystem::path& root) {
  auto prefix = root.lexically_normal().string();
  if (!prefix.ends_with('/')) prefix += '/';
  std::string text(line);
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

}  // namespace

std::optional<FirstError> FindFirstError(std::string_view build_output,
                                         const std::filesystem::path& root) {
  const auto lines = Lines(build_output);
  const auto first = std::ranges::find_if(lines, IsCompilerError);
  if (first != lines.end()) {
    std::vector<std::string> text{Shortened(*first, root)};
    for (auto line = std::next(first);
         line != lines.end() && IsExcerpt(*line) && text.size() <= kExcerptLines; ++line) {
      text.emplace_back(*line);
    }
    const auto errors = static_cast<std::size_t>(std::ranges::count_if(lines, IsCompilerError));
    return FirstError{.text = Join(text, "\n"), .more_errors = errors - 1};
  }
  for (const auto line : lines) {
    if (auto link_error = LinkError(line)) {
      return FirstError{.text = Shortened(*link_error, root), .more_errors = 0};
    }
  }
  return std::nullopt;
}

}  // namespace kit
