#include "compiler_errors.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "text.h"

namespace kit {

namespace {

// Enough for an error, its notes and their chains; a list of a hundred candidate overloads is
// cut here (`kit check --full` shows it all).
constexpr std::size_t kMostLines = 30;

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

bool Contains(std::string_view line, std::string_view part) {
  return line.find(part) != std::string_view::npos;
}

// "In file included from a.h:3," and its "                 from b.cpp:1:": where the header
// came from, which the learner does not need to find their mistake.
bool IsIncludeChain(std::string_view line) {
  return line.starts_with("In file included from ") ||
         (line.starts_with("                 from ") && line.ends_with(':')) ||
         (line.starts_with("                 from ") && line.ends_with(','));
}

// "file: In function 'f':", "file: In instantiation of '...':", "file: In substitution of":
// what the lines below are about.
bool IsContextHeader(std::string_view line) {
  return line.ends_with(':') &&
         (Contains(line, ": In function ") || Contains(line, ": In member function ") ||
          Contains(line, ": In lambda function") || Contains(line, ": In instantiation of ") ||
          Contains(line, ": In substitution of ") || Contains(line, ": In constructor ") ||
          Contains(line, ": In destructor ") || Contains(line, ": In static member function ") ||
          Contains(line, ": At global scope"));
}

// "file:12:5:   required from here", "   required by ...", "   in requirements", and the
// concepts' "   required for the satisfaction of": one link of the chain.
bool IsChainLink(std::string_view line) {
  return Contains(line, ":   required from ") || Contains(line, ":   required from here") ||
         Contains(line, ":   required by ") || Contains(line, ":   in requirements") ||
         Contains(line, ":   required for the satisfaction of ") ||
         Contains(line, ":   in 'constexpr' expansion of ");
}

bool IsNote(std::string_view line) {
  return Contains(line, ": note: ");
}

// A line about a place outside the kit (the standard library, the sanitizer runtime, cc1plus).
bool IsOutsideTheKit(std::string_view shortened) {
  return shortened.starts_with('/') || shortened.starts_with("cc1plus:");
}

// The linker's complaint, without its object-file prefix, in GNU ld's words whichever linker
// made it (the kit links with mold where it can, see cmake/CancelkitOptions.cmake):
//   GNU ld     x.cpp:(.text+0x2a): undefined reference to `f()'
//              x.cpp:(.text+0x0): multiple definition of `f()'; a.o:a.cpp:(.text+0x0): first ...
//   mold, lld  mold: error: undefined symbol: f()
//              mold: error: duplicate symbol: b.o: a.o: f()
std::optional<std::string> LinkError(std::string_view line) {
  for (const std::string_view problem : {"undefined reference to", "multiple definition of"}) {
    if (const auto at = line.find(problem); at != std::string_view::npos) {
      return "link error: " + std::string(line.substr(at));
    }
  }
  constexpr std::string_view kUndefined = "error: undefined symbol: ";
  if (const auto at = line.find(kUndefined); at != std::string_view::npos) {
    return fmt::format("link error: undefined reference to `{}'",
                       line.substr(at + kUndefined.size()));
  }
  constexpr std::string_view kDuplicate = "error: duplicate symbol: ";
  if (const auto at = line.find(kDuplicate); at != std::string_view::npos) {
    const auto objects_and_symbol = line.substr(at + kDuplicate.size());  // "b.o: a.o: f()"
    const auto last_object = objects_and_symbol.rfind(".o: ");
    const auto symbol = last_object == std::string_view::npos
                            ? objects_and_symbol
                            : objects_and_symbol.substr(last_object + 4);
    return fmt::format("link error: multiple definition of `{}'", symbol);
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
    // The chain g++ prints above the error ("In instantiation of", "required from here"), then
    // the error and everything below it up to the next error: its notes and their chains. A
    // header followed, past its chain, by an error opens that error's story, not this one's.
    // g++ 14 shows the source under each link of the chain, so its excerpts belong to it too.
    auto begin = first;
    while (begin != lines.begin()) {
      const auto above = *std::prev(begin);
      if (!IsChainLink(above) && !IsContextHeader(above) && !IsIncludeChain(above) &&
          !IsExcerpt(above)) {
        break;
      }
      --begin;
    }
    auto end = std::next(first);
    while (end != lines.end()) {
      if (IsExcerpt(*end) || IsNote(*end) || IsChainLink(*end) || IsIncludeChain(*end)) {
        ++end;
        continue;
      }
      if (!IsContextHeader(*end)) break;
      const auto story = std::find_if(std::next(end), lines.end(), [](std::string_view line) {
        return !IsChainLink(line) && !IsIncludeChain(line);
      });
      if (story == lines.end() || !IsNote(*story)) break;
      end = story;
    }

    std::vector<std::string> text;
    std::size_t left_out = 0;
    bool keeping = false;  // whether the excerpt under the last located line is kept
    for (auto line = begin; line != end; ++line) {
      if (IsExcerpt(*line)) {
        if (keeping) text.emplace_back(*line);
        continue;
      }
      const auto shortened = Shortened(*line, root);
      const bool chain_outside = (IsChainLink(*line) || IsContextHeader(*line)) &&
                                 IsOutsideTheKit(shortened) && line != first;
      keeping = line == first ||
                !(IsIncludeChain(*line) || chain_outside || shortened.starts_with("cc1plus:"));
      if (keeping) text.push_back(shortened);
    }
    if (text.size() > kMostLines) {
      left_out = text.size() - kMostLines;
      text.resize(kMostLines);
    }
    const auto errors = static_cast<std::size_t>(std::ranges::count_if(lines, IsCompilerError));
    return FirstError{
        .text = Join(text, "\n"), .more_errors = errors - 1, .lines_left_out = left_out};
  }
  for (const auto line : lines) {
    if (auto link_error = LinkError(line)) {
      return FirstError{
          .text = Shortened(*link_error, root), .more_errors = 0, .lines_left_out = 0};
    }
  }
  return std::nullopt;
}

}  // namespace kit
