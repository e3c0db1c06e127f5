#include "output_match.h"

#include <algorithm>
#include <regex>

#include "text.h"

namespace kit {

namespace {

constexpr std::size_t kNearestShown = 3;

struct Replacement {
  std::regex pattern;
  const char* placeholder;
};

const std::vector<Replacement>& Replacements() {
  static const std::vector<Replacement> kReplacements = [] {
    std::vector<Replacement> replacements;
    const auto add = [&](const char* pattern, const char* placeholder) {
      replacements.push_back({std::regex(pattern), placeholder});
    };
    add(R"(\x1b\[[0-9;]*[A-Za-z])", "");  // colours and other terminal escapes
    // (102 ms), 0.11 sec, after 999 ms, within 3000 ms, 2 seconds
    add(R"(\b[0-9]+(\.[0-9]+)? ?(milliseconds?|seconds?|ms|us|ns|sec|s)\b)", "<time>");
    add(R"(\bbuild/[A-Za-z0-9_.-]+/)", "build/<preset>/");  // a lesson says dev, CI builds ci
    add(R"(0x[0-9a-fA-F]+)", "0x<address>");
    add(R"(\b(tid|pid)=[0-9]+)", "$1=<id>");
    add(R"(==[0-9]+==)", "==<pid>==");             // a sanitizer's report prefix
    add(R"(\bT[0-9]+\b)", "T<n>");                 // ThreadSanitizer's thread names
    add(R"(\bthread #?[0-9]+\b)", "thread <id>");  // std::thread::id as printed
    return replacements;
  }();
  return kReplacements;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substituted = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substituted});
    }
  }
  return row[b.size()];
}

std::vector<OutputLine> Nearest(std::string_view expected, const std::vector<OutputLine>& lines) {
  std::vector<std::pair<std::size_t, const OutputLine*>> ranked;
  for (const auto& line : lines) {
    if (!line.text.empty()) ranked.emplace_back(EditDistance(expected, line.text), &line);
  }
  const auto shown = std::min(kNearestShown, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(shown), ranked.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<OutputLine> nearest;
  for (std::size_t index = 0; index < shown; ++index) nearest.push_back(*ranked[index].second);
  return nearest;
}

}  // namespace

std::string NormaliseLine(std::string_view line, const std::filesystem::path& root) {
  std::string text(TrimRight(line));
  if (root.is_absolute()) {  // a relative root ("./") would eat the "./" of "./kit"
    auto prefix = root.lexically_normal().string();
    if (!prefix.ends_with('/')) prefix += '/';
    for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
      text.erase(at, prefix.size());
    }
  }
  for (const auto& [pattern, placeholder] : Replacements()) {
    text = std::regex_replace(text, pattern, placeholder);
  }
  return std::string(TrimRight(text));
}

std::optional<OutputMismatch> MatchOutput(const std::vector<LessonLine>& block,
                                          std::string_view output,
                                          const std::filesystem::path& root) {
  std::vector<OutputLine> lines;
  for (const auto line : Lines(output)) {
    lines.push_back({static_cast<int>(lines.size()) + 1, NormaliseLine(line, root)});
  }
  // Taking the earliest match of each line never loses a match a later line would need.
  std::size_t next = 0;
  for (const auto& expected : block) {
    const auto wanted = NormaliseLine(expected.text, root);
    if (wanted.empty() || wanted == "...") continue;
    const auto found = std::find_if(lines.begin() + static_cast<long>(next), lines.end(),
                                    [&](const OutputLine& line) { return line.text == wanted; });
    if (found == lines.end()) {
      return OutputMismatch{.expected = expected, .nearest = Nearest(wanted, lines)};
    }
    next = static_cast<std::size_t>(found - lines.begin()) + 1;
  }
  return std::nullopt;
}

}  // namespace kit
