#include "lesson_commands.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "lesson.h"
#include "text.h"

namespace kit {

namespace {

constexpr std::array<std::string_view, 3> kPrograms{"ctest", "cmake", "./kit"};

struct Fragment {
  int line;
  std::string text;
};

// The code of a lesson: each line of a fenced block, and each `inline code` span (its line
// breaks read as spaces).
std::vector<Fragment> CodeFragments(std::string_view markdown) {
  std::vector<Fragment> fragments;
  bool in_fence = false;
  std::optional<Fragment> span;  // an inline span still open at the end of a line
  int number = 0;
  for (const auto line : Lines(markdown)) {
    ++number;
    if (IsFence(line)) {
      in_fence = !in_fence;
      span.reset();
      continue;
    }
    if (in_fence) {
      fragments.push_back({number, std::string(line)});
      continue;
    }
    if (span) span->text += ' ';
    for (const char c : line) {
      if (c != '`') {
        if (span) span->text += c;
      } else if (span) {
        fragments.push_back(std::move(*span));
        span.reset();
      } else {
        span = Fragment{number, ""};
      }
    }
    if (line.empty()) span.reset();  // a span never crosses a paragraph
  }
  return fragments;
}

// "cmake --preset dev && cmake --build --preset dev   # once": the commands are separated by
// shell operators, and comments and prose may hold more of them ("# or: ./kit check 04, ...").
std::vector<std::vector<std::string>> Segments(std::string_view text) {
  std::vector<std::vector<std::string>> segments(1);
  std::string word;
  const auto end_word = [&] {
    if (!word.empty()) segments.back().push_back(std::exchange(word, {}));
  };
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == ' ' || c == '\t') {
      end_word();
    } else if (std::string_view(";,#()|&").find(c) != std::string_view::npos) {
      end_word();
      if (!segments.back().empty()) segments.emplace_back();
    } else {
      word += c;
    }
  }
  end_word();
  return segments;
}

}  // namespace

std::string LessonCommand::Text() const {
  std::string text = program;
  for (const auto& argument : arguments) text += " " + argument;
  return text;
}

std::vector<LessonCommand> FindCommands(std::string_view markdown) {
  std::vector<LessonCommand> commands;
  for (const auto& fragment : CodeFragments(markdown)) {
    for (const auto& words : Segments(fragment.text)) {
      const auto program = std::ranges::find_first_of(words, kPrograms);
      if (program == words.end()) continue;
      commands.push_back(
          {.line = fragment.line, .program = *program, .arguments = {program + 1, words.end()}});
    }
  }
  return commands;
}

}  // namespace kit
