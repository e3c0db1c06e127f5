// The commands a lesson tells the learner to run, wherever it writes them: on the lines of a
// fenced block or in `inline code` (which may wrap onto the next line). `kit dev lessons` checks
// that each one works: its presets exist, its label finds tests, its verb and options exist.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kit {

struct LessonCommand {
  int line = 0;         // where the command starts in the lesson
  std::string program;  // "ctest", "cmake" or "./kit"
  std::vector<std::string> arguments;
  std::string Text() const;  // as a learner would type it
};

std::vector<LessonCommand> FindCommands(std::string_view markdown);

}  // namespace kit
