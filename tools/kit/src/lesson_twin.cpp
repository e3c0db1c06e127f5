#include "lesson_twin.h"

#include <fmt/format.h>

#include <dtl/dtl.hpp>
#include <regex>
#include <utility>

#include "text.h"
#include "unified_diff.h"

namespace kit {

namespace {

// "## Title" gives 2; a line that is no ATX heading gives 0.
int HeadingLevel(std::string_view line) {
  const auto level = line.find_first_not_of('#');
  if (level == 0 || level > 6 || level == std::string_view::npos) return 0;
  return line[level] == ' ' ? static_cast<int>(level) : 0;
}

bool IsComment(std::string_view line) {
  const auto trimmed = Trim(line);
  return trimmed.starts_with("<!--") && trimmed.ends_with("-->");
}

std::string Describe(const TwinPart& part) {
  switch (part.kind) {
    case TwinPart::Kind::kHeading:
      return fmt::format("a level-{} heading ({} …)", part.text.size(), part.text);
    case TwinPart::Kind::kBlock: {
      const auto lines = Lines(part.text);
      return fmt::format("a block opened by {} ({} lines inside)", Trim(lines.front()),
                         lines.size() - 2);
    }
    case TwinPart::Kind::kComment:
      return fmt::format("the line {}", part.text);
  }
  return "";
}

// A part both twins have, changed in the twin: what differs.
std::string Difference(const TwinPart& original, const TwinPart& twin, TwinNames names) {
  const auto where = fmt::format("{}:{}", names.lesson, original.line);
  switch (original.kind) {
    case TwinPart::Kind::kHeading:
      return fmt::format("a level-{} heading where {} has a level-{} one", twin.text.size(), where,
                         original.text.size());
    case TwinPart::Kind::kBlock:
      return fmt::format("this block differs from its original at {}:\n{}", where,
                         UnifiedDiff({names.lesson, original.text}, {names.twin, twin.text},
                                     /*color=*/false));
    case TwinPart::Kind::kComment:
      return fmt::format("{} differs from {} at {}", twin.text, original.text, where);
  }
  return "";
}

// The parts that differ between two matching ones: what the lesson has there (deleted) and
// what the twin has (added).
struct Gap {
  std::vector<const TwinPart*> only_in_lesson;
  std::vector<const TwinPart*> only_in_twin;
  int twin_line = 1;  // where the twin's gap is: its next part's line, or past its last
};

void ReportGap(const Gap& gap, TwinNames names, std::vector<LessonProblem>& problems) {
  // A part of one kind on each side is one part changed; what is left over is missing or extra.
  std::vector<bool> paired(gap.only_in_twin.size(), false);
  for (const TwinPart* original : gap.only_in_lesson) {
    std::size_t match = 0;
    while (match < gap.only_in_twin.size() &&
           (paired[match] || gap.only_in_twin[match]->kind != original->kind)) {
      ++match;
    }
    if (match < gap.only_in_twin.size()) {
      paired[match] = true;
      const TwinPart& twin = *gap.only_in_twin[match];
      problems.push_back({twin.line, Difference(*original, twin, names)});
    } else {
      problems.push_back(
          {gap.twin_line, fmt::format("{} is missing here: {}:{} has it", Describe(*original),
                                      names.lesson, original->line)});
    }
  }
  for (std::size_t index = 0; index < gap.only_in_twin.size(); ++index) {
    if (paired[index]) continue;
    const TwinPart& extra = *gap.only_in_twin[index];
    problems.push_back(
        {extra.line, fmt::format("{}, which {} does not have", Describe(extra), names.lesson)});
  }
}

}  // namespace

std::vector<TwinPart> TwinParts(std::string_view markdown) {
  std::vector<TwinPart> parts;
  const auto lines = Lines(markdown);
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const auto line = lines[index];
    const int number = static_cast<int>(index) + 1;
    if (IsFence(line)) {
      std::string block(line);
      std::size_t end = index + 1;
      for (; end < lines.size() && !IsFence(lines[end]); ++end) {
        block += '\n';
        block += lines[end];
      }
      if (end < lines.size()) block += "\n" + std::string(lines[end]);
      parts.push_back({TwinPart::Kind::kBlock, number, std::move(block)});
      index = end;
    } else if (const int level = HeadingLevel(line); level > 0) {
      parts.push_back({TwinPart::Kind::kHeading, number, std::string(level, '#')});
    } else if (IsComment(line)) {
      parts.push_back({TwinPart::Kind::kComment, number, std::string(Trim(line))});
    }
  }
  return parts;
}

std::vector<LessonProblem> CompareTwins(std::string_view lesson, std::string_view twin,
                                        TwinNames names) {
  const auto lesson_parts = TwinParts(lesson);
  const auto twin_parts = TwinParts(twin);
  // The kind goes into what is compared: a heading "##" never matches a comment "##".
  const auto keys = [](const std::vector<TwinPart>& parts) {
    std::vector<std::string> keys;
    for (const auto& part : parts) keys.push_back(fmt::format("{}:{}", int(part.kind), part.text));
    return keys;
  };
  using Keys = std::vector<std::string>;
  dtl::Diff<std::string, Keys> diff(keys(lesson_parts), keys(twin_parts));
  diff.compose();

  std::vector<LessonProblem> problems;
  Gap gap;
  const auto close_gap = [&](int twin_line) {
    gap.twin_line = twin_line;
    if (!gap.only_in_lesson.empty() || !gap.only_in_twin.empty()) {
      ReportGap(gap, names, problems);
    }
    gap = {};
  };
  for (const auto& [key, info] : diff.getSes().getSequence()) {
    switch (info.type) {
      case dtl::SES_DELETE:
        gap.only_in_lesson.push_back(&lesson_parts[static_cast<std::size_t>(info.beforeIdx - 1)]);
        break;
      case dtl::SES_ADD:
        gap.only_in_twin.push_back(&twin_parts[static_cast<std::size_t>(info.afterIdx - 1)]);
        break;
      case dtl::SES_COMMON:
        close_gap(twin_parts[static_cast<std::size_t>(info.afterIdx - 1)].line);
        break;
    }
  }
  close_gap(static_cast<int>(Lines(twin).size()) + 1);
  return problems;
}

std::vector<DocumentLink> RelativeLinks(std::string_view markdown) {
  // [text](target) or [text](target "title"); a scheme (https:, mailto:) or a bare #fragment is
  // not a file of the kit.
  static const std::regex kLink(R"(\]\(([^)\s#]+)(#[^)\s]*)?(\s+"[^"]*")?\))");
  static const std::regex kScheme("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  std::vector<DocumentLink> links;
  bool in_fence = false;
  int number = 0;
  for (const auto line : Lines(markdown)) {
    ++number;
    if (IsFence(line)) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    // Inline code shows links, it does not make them: blank it out before searching.
    std::string prose(line);
    bool in_code = false;
    for (char& c : prose) {
      if (c == '`') in_code = !in_code;
      if (in_code) c = ' ';
    }
    for (std::sregex_iterator match(prose.begin(), prose.end(), kLink), end; match != end;
         ++match) {
      auto target = (*match)[1].str();
      if (!std::regex_search(target, kScheme)) links.push_back({number, std::move(target)});
    }
  }
  return links;
}

}  // namespace kit
