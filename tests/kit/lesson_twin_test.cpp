// A lesson and its Korean twin in step: the twins a translator could plausibly get wrong.
#include "lesson_twin.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace kit {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr TwinNames kNames{.lesson = "README.md", .twin = "README.ko.md"};

// A lesson with every kind of part: headings, an annotated output block, a code block.
constexpr std::string_view kLesson =
    "# Chapter 2 — Cancel\n"                    // 1
    "\n"                                        // 2
    "Prose the learner reads.\n"                // 3
    "\n"                                        // 4
    "## Red\n"                                  // 5
    "\n"                                        // 6
    "<!-- output: start gtest -->\n"            // 7
    "```\n"                                     // 8
    "[  FAILED  ] Server.TellsStoreToCancel\n"  // 9
    "```\n"                                     // 10
    "\n"                                        // 11
    "## Green\n"                                // 12
    "\n"                                        // 13
    "```cpp\n"                                  // 14
    "store.Cancel();  # not a heading\n"        // 15
    "```\n";                                    // 16

// The same lesson, the prose and the headings' words in Korean.
constexpr std::string_view kTwin =
    "# 챕터 2 — 취소\n"                         // 1
    "\n"                                        // 2
    "학습자가 읽는 글.\n"                       // 3
    "두 줄이 된 글.\n"                          // 4
    "\n"                                        // 5
    "## 레드\n"                                 // 6
    "\n"                                        // 7
    "<!-- output: start gtest -->\n"            // 8
    "```\n"                                     // 9
    "[  FAILED  ] Server.TellsStoreToCancel\n"  // 10
    "```\n"                                     // 11
    "\n"                                        // 12
    "## 그린\n"                                 // 13
    "\n"                                        // 14
    "```cpp\n"                                  // 15
    "store.Cancel();  # not a heading\n"        // 16
    "```\n";                                    // 17

std::string Replaced(std::string_view text, std::string_view what, std::string_view with) {
  std::string result(text);
  const auto at = result.find(what);
  EXPECT_NE(at, std::string::npos) << what;
  if (at != std::string::npos) result.replace(at, what.size(), with);
  return result;
}

// What CompareTwins finds in kTwin once `what` in it is replaced `with` something else.
std::vector<LessonProblem> ProblemsOnceReplaced(std::string_view what, std::string_view with) {
  return CompareTwins(kLesson, Replaced(kTwin, what, with), kNames);
}

auto ProblemAt(int line, std::string_view says) {
  return AllOf(Field(&LessonProblem::line, line),
               Field(&LessonProblem::message, HasSubstr(std::string(says))));
}

TEST(TwinParts, AreTheHeadingsTheBlocksAndTheCommentLinesInOrder) {
  const auto parts = TwinParts(kLesson);
  using Kind = TwinPart::Kind;
  ASSERT_EQ(parts.size(), 6U);
  EXPECT_EQ(parts[0].kind, Kind::kHeading);
  EXPECT_EQ(parts[0].text, "#");
  EXPECT_EQ(parts[2].kind, Kind::kComment);
  EXPECT_EQ(parts[2].line, 7);
  EXPECT_EQ(parts[3].kind, Kind::kBlock);
  EXPECT_EQ(parts[3].text, "```\n[  FAILED  ] Server.TellsStoreToCancel\n```");
  EXPECT_EQ(parts[5].kind, Kind::kBlock);  // its "# not a heading" is code, not a heading
  EXPECT_EQ(parts[5].line, 14);
}

TEST(CompareTwins, TwinsInStepDifferOnlyInTheirWords) {
  EXPECT_THAT(CompareTwins(kLesson, kTwin, kNames), IsEmpty());
}

TEST(CompareTwins, ATranslatedPastedOutputIsNamedWithWhatChanged) {
  const auto problems = ProblemsOnceReplaced("[  FAILED  ] Server", "[  실패  ] Server");
  ASSERT_THAT(problems, ElementsAre(ProblemAt(9, "differs from its original at README.md:8")));
  EXPECT_THAT(problems[0].message, HasSubstr("+[  실패  ] Server.TellsStoreToCancel"));
}

TEST(CompareTwins, ATranslatedCodeCommentIsAChangedBlock) {
  EXPECT_THAT(ProblemsOnceReplaced("# not a heading", "# 제목이 아님"),
              ElementsAre(ProblemAt(15, "differs from its original at README.md:14")));
}

TEST(CompareTwins, ABlockLeftOutIsMissingWhereItBelongs) {
  EXPECT_THAT(ProblemsOnceReplaced("```cpp\nstore.Cancel();  # not a heading\n```\n", ""),
              ElementsAre(ProblemAt(15,
                                    "a block opened by ```cpp (1 lines inside) is missing "
                                    "here: README.md:14 has it")));
}

TEST(CompareTwins, ABlockOnlyTheTwinHasIsNamed) {
  EXPECT_THAT(ProblemsOnceReplaced("두 줄이 된 글.\n", "```\nextra\n```\n"),
              ElementsAre(ProblemAt(4, "which README.md does not have")));
}

TEST(CompareTwins, AHeadingAtAnotherLevelIsNamed) {
  EXPECT_THAT(ProblemsOnceReplaced("## 그린", "### 그린"),
              ElementsAre(ProblemAt(13, "a level-3 heading where README.md:12 has a level-2")));
}

TEST(CompareTwins, ASectionLeftOutIsMissing) {
  EXPECT_THAT(ProblemsOnceReplaced("## 그린\n", ""),
              ElementsAre(ProblemAt(14, "a level-2 heading (## …) is missing here")));
}

TEST(CompareTwins, AChangedAnnotationIsNamed) {
  EXPECT_THAT(ProblemsOnceReplaced("output: start gtest", "output: solution gtest"),
              ElementsAre(ProblemAt(8,
                                    "<!-- output: solution gtest --> differs from "
                                    "<!-- output: start gtest -->")));
}

TEST(CompareTwins, AnAnnotationLeftOutIsMissing) {
  EXPECT_THAT(ProblemsOnceReplaced("<!-- output: start gtest -->\n", ""),
              ElementsAre(ProblemAt(8, "<!-- output: start gtest --> is missing here")));
}

TEST(CompareTwins, BlocksInAnotherOrderAreOutOfStep) {
  const std::string lesson = "```\na\n```\n```\nb\n```\n";
  const std::string twin = "```\nb\n```\n```\na\n```\n";
  EXPECT_THAT(CompareTwins(lesson, twin, kNames), ::testing::Not(IsEmpty()));
}

TEST(CompareTwins, AnEmptyTwinMissesEveryPart) {
  EXPECT_EQ(CompareTwins(kLesson, "", kNames).size(), TwinParts(kLesson).size());
}

TEST(RelativeLinks, AreTheKitsFilesWithoutFragmentsOutsideCode) {
  const auto links = RelativeLinks(
      "English: [README.md](README.md)\n"
      "See [the glossary](../../docs/glossary.md#terms) and [Go](https://go.dev/blog/context).\n"
      "Write `[x](not-a-link.md)` in code, or [a section](#red).\n"
      "```\n"
      "[y](in-a-block.md)\n"
      "```\n");
  ASSERT_EQ(links.size(), 2U);
  EXPECT_EQ(links[0].line, 1);
  EXPECT_EQ(links[0].target, "README.md");
  EXPECT_EQ(links[1].line, 2);
  EXPECT_EQ(links[1].target, "../../docs/glossary.md");
}

}  // namespace
}  // namespace kit
