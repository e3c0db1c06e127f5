// The outputs a lesson pastes, and what prints each: an HTML comment on the line directly above
// a fenced block,
//     <!-- output: <run> <view> [<filter>] -->
// with <run> one of start, solution, wrong/<slug>, right/<slug>, demo, model, and <view> one of
// gtest, kit, kit-race, kit-asan, stdout (the last for demo only, and demo only with it), grade
// (what `kit check` says about a learner's test: the starting test with the run start, the
// model test with the run model, which only it takes). Like Rust's doc-tests: `kit dev lessons`
// runs what the comment names and compares.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kit {

enum class OutputView { kGtest, kKit, kKitRace, kKitAsan, kStdout, kGrade };

struct LessonLine {
  int number = 0;  // 1-based, in the lesson
  std::string text;
};

struct OutputBlock {
  int line = 0;           // the annotation's line
  std::string run;        // as written: "start", "solution", "wrong/cancel-first", "demo"
  std::string view_name;  // as written: "gtest"
  OutputView view = OutputView::kGtest;
  std::string filter;             // a --gtest_filter, for the gtest view
  std::vector<LessonLine> lines;  // the fenced block's lines, without the fences
};

struct LessonProblem {
  int line = 0;
  std::string message;
};

struct Lesson {
  std::vector<OutputBlock> blocks;
  std::vector<LessonProblem> problems;  // annotations that say nothing checkable
};

Lesson ParseLesson(std::string_view markdown);

// Whether `line` opens or closes a fenced block: ``` after any indentation.
bool IsFence(std::string_view line);

// The program a run names in build/<preset>/chapters/: "ch04_exercise", "ch04_wrong_<slug>".
std::string ProgramOf(std::string_view chapter_number, std::string_view run);

}  // namespace kit
