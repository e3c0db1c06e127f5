#include "unified_diff.h"

#include <fmt/color.h>
#include <fmt/format.h>

#include <dtl/dtl.hpp>
#include <vector>

namespace kit {

namespace {

// Unlike Lines() in text.h, keeps every line exactly, trailing spaces included: they differ too.
std::vector<std::string> ExactLines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(std::string_view text, fmt::text_style style) const {
    if (!color_) return std::string(text);
    return fmt::format(style, "{}", text);
  }

 private:
  bool color_;
};

}  // namespace

std::string UnifiedDiff(DiffSide before, DiffSide after, bool color) {
  using Lines = std::vector<std::string>;
  dtl::Diff<std::string, Lines> diff(ExactLines(before.text), ExactLines(after.text));
  diff.compose();
  if (diff.getEditDistance() == 0) return "";
  diff.composeUnifiedHunks();

  const Painter paint(color);
  std::string out;
  out += paint(fmt::format("--- {}", before.name), fmt::emphasis::bold) + "\n";
  out += paint(fmt::format("+++ {}", after.name), fmt::emphasis::bold) + "\n";
  for (const auto& hunk : diff.getUniHunks()) {
    out += paint(fmt::format("@@ -{},{} +{},{} @@", hunk.a, hunk.b, hunk.c, hunk.d),
                 fmt::fg(fmt::terminal_color::cyan)) +
           "\n";
    for (const auto& [line, info] : hunk.common[0]) out += " " + line + "\n";
    for (const auto& [line, info] : hunk.change) {
      switch (info.type) {
        case dtl::SES_DELETE:
          out += paint("-" + line, fmt::fg(fmt::terminal_color::red)) + "\n";
          break;
        case dtl::SES_ADD:
          out += paint("+" + line, fmt::fg(fmt::terminal_color::green)) + "\n";
          break;
        default:
          out += " " + line + "\n";
      }
    }
    for (const auto& [line, info] : hunk.common[1]) out += " " + line + "\n";
  }
  return out;
}

}  // namespace kit
