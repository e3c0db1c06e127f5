// Reading a lesson: its output annotations and blocks, and the commands it gives.
#include "lesson.h"

#include <gtest/gtest.h>

#include "lesson_commands.h"

namespace kit {
namespace {

TEST(ParseLesson, ReadsTheRunTheViewTheFilterAndTheBlockWithItsLineNumbers) {
  const auto lesson = ParseLesson(
      "# Chapter\n"
      "\n"
      "<!-- output: wrong/cancel-first gtest Server.ReturnsDataFromStore -->\n"
      "```\n"
      "[ RUN      ] Server.ReturnsDataFromStore\n"
      "...\n"
      "```\n"
      "<!-- output: solution kit -->\n"
      "```text\n"
      "✓ chapter 02 passes: all 4 tests. Well done!\n"
      "```\n");
  EXPECT_TRUE(lesson.problems.empty());
  ASSERT_EQ(lesson.blocks.size(), 2U);
  const auto& first = lesson.blocks[0];
  EXPECT_EQ(first.line, 3);
  EXPECT_EQ(first.run, "wrong/cancel-first");
  EXPECT_EQ(first.view, OutputView::kGtest);
  EXPECT_EQ(first.filter, "Server.ReturnsDataFromStore");
  ASSERT_EQ(first.lines.size(), 2U);
  EXPECT_EQ(first.lines[0].number, 5);
  EXPECT_EQ(first.lines[0].text, "[ RUN      ] Server.ReturnsDataFromStore");
  EXPECT_EQ(lesson.blocks[1].view, OutputView::kKit);
  EXPECT_EQ(lesson.blocks[1].lines.at(0).number, 10);
}

TEST(ParseLesson, ABlockWithoutAnnotationIsNotAnOutputToCheck) {
  const auto lesson = ParseLesson("```cpp\nw.Write(store.Fetch());\n```\n```\nctest\n```\n");
  EXPECT_TRUE(lesson.blocks.empty());
  EXPECT_TRUE(lesson.problems.empty());
}

TEST(ParseLesson, NamesTheLineOfEveryAnnotationItCannotUse) {
  const auto lesson = ParseLesson(
      "<!-- output: finish gtest -->\n"            // 1: unknown run
      "```\n```\n"                                 //
      "<!-- output: start gtset -->\n"             // 4: unknown view
      "```\n```\n"                                 //
      "<!-- output: wrong/Cancel_First kit -->\n"  // 7: not a slug
      "```\n```\n"                                 //
      "<!-- output: start gtest -->\n"             // 10: not followed by a fence
      "\n"
      "```\n```\n"
      "<!-- output: demo gtest -->\n"  // 14: the demo has only stdout
      "```\n```\n"
      "<!-- output: start kit Server.X -->\n"  // 17: a filter without gtest
      "```\n```\n"
      "<!-- output: start -->\n"  // 20: no view
      "```\n```\n"
      "<!-- output: solution gtest\n"  // 23: not closed on its line
      "```\n```\n");
  std::vector<int> lines;
  for (const auto& problem : lesson.problems) lines.push_back(problem.line);
  EXPECT_EQ(lines, (std::vector<int>{1, 4, 7, 10, 14, 17, 20, 23}));
  EXPECT_TRUE(lesson.blocks.empty());
}

TEST(ParseLesson, OtherHtmlCommentsAreNotAnnotations) {
  const auto lesson = ParseLesson(
      "<!-- the output below is trimmed -->\n```\nx\n```\n"
      "Mark a block with `<!-- output: <run> <view> -->` on the line above it.\n");
  EXPECT_TRUE(lesson.problems.empty());
  EXPECT_TRUE(lesson.blocks.empty());
}

TEST(ParseLesson, AnAnnotationInsideACodeBlockIsText) {
  const auto lesson = ParseLesson("```markdown\n<!-- output: start gtest -->\n```\n");
  EXPECT_TRUE(lesson.problems.empty());
  EXPECT_TRUE(lesson.blocks.empty());
}

TEST(ParseLesson, AnUnclosedBlockIsAProblem) {
  const auto lesson = ParseLesson("<!-- output: start gtest -->\n```\n[ RUN      ] A.B\n");
  ASSERT_EQ(lesson.problems.size(), 1U);
  EXPECT_EQ(lesson.problems[0].line, 1);
}

// The grade view shows what `kit check` says about a test: the learner's starting one, or the
// model; any other run would grade nothing the lesson can name.
TEST(ParseLesson, GradesTheStartingOrTheModelTestOnly) {
  const auto lesson = ParseLesson(
      "<!-- output: start grade -->\n```\nx\n```\n"
      "<!-- output: model grade -->\n```\nx\n```\n"
      "<!-- output: solution grade -->\n```\nx\n```\n"  // 9: the solution is no test
      "<!-- output: model kit -->\n```\nx\n```\n");     // 13: the model only grades
  ASSERT_EQ(lesson.blocks.size(), 2U);
  EXPECT_EQ(lesson.blocks[0].view, OutputView::kGrade);
  EXPECT_EQ(lesson.blocks[1].run, "model");
  std::vector<int> lines;
  for (const auto& problem : lesson.problems) lines.push_back(problem.line);
  EXPECT_EQ(lines, (std::vector<int>{9, 13}));
}

TEST(ProgramOf, NamesTheChaptersBuiltPrograms) {
  EXPECT_EQ(ProgramOf("04", "start"), "ch04_exercise");
  EXPECT_EQ(ProgramOf("04", "solution"), "ch04_solution");
  EXPECT_EQ(ProgramOf("04", "wrong/cancel-first"), "ch04_wrong_cancel-first");
  EXPECT_EQ(ProgramOf("04", "right/derived-context"), "ch04_right_derived-context");
  EXPECT_EQ(ProgramOf("04", "demo"), "ch04_demo_transcript");
  EXPECT_EQ(ProgramOf("04", "model"), "ch04_model_solution");
}

std::vector<std::string> Found(std::string_view markdown) {
  std::vector<std::string> found;
  for (const auto& command : FindCommands(markdown)) {
    found.push_back(std::to_string(command.line) + ": " + command.Text());
  }
  return found;
}

TEST(FindCommands, FindsCommandsInBlocksInInlineCodeAndInComments) {
  EXPECT_EQ(
      Found("```sh\n"
            "cmake --preset dev && cmake --build --preset dev   # once\n"
            "ctest --preset dev -L ch04        # or: ./kit check 04, ./kit watch 04\n"
            "```\n"
            "Run `ctest --preset learn -L ch02` (after `cmake --preset dev && cmake --build "
            "--preset\n"
            "dev`), or `./kit check --race`.\n"),
      (std::vector<std::string>{
          "2: cmake --preset dev", "2: cmake --build --preset dev", "3: ctest --preset dev -L ch04",
          "3: ./kit check 04", "3: ./kit watch 04", "5: ctest --preset learn -L ch02",
          "5: cmake --preset dev", "5: cmake --build --preset dev", "6: ./kit check --race"}));
}

TEST(FindCommands, IgnoresProseAndPathsThatOnlyLookLikeCommands) {
  EXPECT_TRUE(Found("Use ctest --preset dev in a shell; see `cmake/CancelkitChapter.cmake` and\n"
                    "`./build/dev/chapters/ch04_serve`.\n")
                  .empty());
}

}  // namespace
}  // namespace kit
