// Does a lesson's block still say what a program prints? Both sides are normalised first (times,
// the kit's absolute path, build folders, addresses, thread and process ids, colours), then every
// non-blank line of the block must appear in the output, in order: a lesson may leave lines out.
// A block line "..." says so explicitly and matches nothing in particular.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson.h"

namespace kit {

// One line with what changes from run to run replaced by placeholders: `(102 ms)` -> `(<time>)`.
std::string NormaliseLine(std::string_view line, const std::filesystem::path& root);

struct OutputLine {
  int number = 0;  // 1-based, in the output
  std::string text;
};

struct OutputMismatch {
  LessonLine expected;              // the first block line not in the output (in order), as written
  std::vector<OutputLine> nearest;  // the output's lines most like it, best first
};

// nullopt when every line of the block is found in `output`, in order.
std::optional<OutputMismatch> MatchOutput(const std::vector<LessonLine>& block,
                                          std::string_view output,
                                          const std::filesystem::path& root);

}  // namespace kit
