// How far a Ninja build has got, from the `[n/N]` status lines Ninja prints, and a build run that
// reports it while the build goes on. The same line as ./kit's own builds show
// (build_progress.bash).
#pragma once

#include <chrono>
#include <cstdio>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "process.h"

namespace kit {

struct BuildStep {
  int done = 0;
  int total = 0;  // 0 until Ninja has printed its first status line
};

// The step a Ninja status line (`[57/412] Building CXX object ...`) announces, if it is one.
std::optional<BuildStep> ParseNinjaStatus(std::string_view line);

// `building [ 57/412] ##------------------  13%  0:37`, or `building...  0:03` before the first.
std::string ProgressLine(BuildStep step, std::chrono::seconds elapsed);

// Shows the progress to a person waiting for the build, on `out`: nothing during the first
// `quiet_for` (a quick build shows only its result); then on a terminal one line redrawn in place,
// elsewhere a plain line at each tenth of the build. Finish() clears the terminal's line.
class ProgressPrinter {
 public:
  ProgressPrinter(std::FILE* out, bool terminal,
                  std::chrono::seconds quiet_for = std::chrono::seconds(2))
      : out_(out), terminal_(terminal), quiet_for_(quiet_for) {}
  void operator()(BuildStep step, std::chrono::seconds elapsed);
  void Finish();

 private:
  std::FILE* out_;
  bool terminal_;
  std::chrono::seconds quiet_for_;
  bool shown_ = false;
  int tenths_shown_ = -1;
};

// Runs a build to the end like RunProcess, and calls `on_progress` with the latest step and the
// time since the start at each status line and at least once a second while it runs.
std::expected<ProcessResult, std::string> RunBuild(
    const ProcessSpec& spec,
    const std::function<void(BuildStep, std::chrono::seconds elapsed)>& on_progress);

}  // namespace kit
