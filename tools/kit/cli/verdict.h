// What `./kit check` says about a finished run of a chapter's tests, after its build step. One
// wording, used by `kit check` and `kit watch`, and by `kit dev lessons`, which compares it with
// what the lessons quote.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "commands.h"
#include "session.h"
#include "test_grading.h"
#include "test_lanes.h"
#include "test_run.h"
#include "workspace.h"

namespace kit {

// A build tree and how its programs are run: the sanitizers slow everything down and want their
// own options.
struct Build {
  std::string preset;  // a CMake preset, and the folder in build/
  std::string sanitizer_name;
  std::vector<std::pair<std::string, std::string>> environment;
  int timeout_factor = 1;  // sanitizers make everything several times slower
  // How many processes run the chapter's tests at once (test_lanes.h).
  std::size_t lanes = kMaxLanes;
};

Build BuildFor(Sanitizer sanitizer);

// The verdict on `run`, as the learner reads it: passed (and what next), which tests failed and
// why, or how the run stopped; every failure ends with the hint offer.
// With `grade` (a chapter whose learner writes a test, in the plain build), the verdict on the
// learner's test follows, and the chapter passes only when both are green.
using GradeOrError = std::expected<TestGrade, std::string>;
std::string DescribeRun(const Workspace& kit, const Style& style, const Chapter& chapter,
                        const TestRun& run, const Build& build,
                        const GradeOrError* grade = nullptr);

// What the grading of a test says: whether it passes on the solution, which graded wrong turns
// it catches, and one line for each it lets through. `whose` heads it: "Your test", or "The
// model test" (the lessons show both).
std::string DescribeGrade(const Workspace& kit, const Style& style, const Chapter& chapter,
                          const GradeOrError& grade, std::string_view whose,
                          const std::vector<std::filesystem::path>& test_files);

// A chapter passes when its tests pass on the learner's code and, where the learner writes a
// test, that test grades well.
bool ChapterPasses(const TestRun& run, const GradeOrError* grade);

// The line that offers a hint, printed under every failure.
std::string HintOffer(const Workspace& kit, const Style& style, const Chapter& chapter);

// How many of its last lines the kit shows of a failed build's or test run's output.
inline constexpr std::size_t kOutputTailLines = 15;

// The last `count` lines of `output`.
std::string Tail(std::string_view output, std::size_t count);
std::string Indented(std::string_view text, std::string_view indent);

}  // namespace kit
