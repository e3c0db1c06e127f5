// Comparing a lesson's block with a program's output, and checking the lessons' build commands.
#include "output_match.h"

#include <gtest/gtest.h>

#include "build_commands.h"

namespace kit {
namespace {

std::vector<LessonLine> Block(std::vector<std::string> texts, int first_line = 10) {
  std::vector<LessonLine> block;
  for (auto& text : texts) block.push_back({first_line++, std::move(text)});
  return block;
}

constexpr std::string_view kOutput =
    "Running main() from the kit\n"
    "[ RUN      ] Server.RespondsWithServerErrorWhenStoreFails\n"
    "/home/me/kit/chapters/04-client-disconnect/server_test.cpp:211: Failure\n"
    "Expected equality of these values:\n"
    "  response->status\n"
    "    Which is: 200\n"
    "  500\n"
    "the client is still waiting: tell it the store failed\n"
    "[  FAILED  ] Server.RespondsWithServerErrorWhenStoreFails (9 ms)\n"
    "[----------] 8 tests from Server (1107 ms total)\n";

TEST(MatchOutput, AcceptsATrimmedBlockWhoseLinesComeInOrder) {
  EXPECT_FALSE(MatchOutput(
      Block({"[ RUN      ] Server.RespondsWithServerErrorWhenStoreFails",
             "chapters/04-client-disconnect/server_test.cpp:211: Failure", "", "    Which is: 200",
             "[  FAILED  ] Server.RespondsWithServerErrorWhenStoreFails "
             "(102 ms)"}),
      kOutput, "/home/me/kit"));
}

TEST(MatchOutput, ALineThatMovedIsNamedWithTheRealLineNearest) {
  const auto mismatch =
      MatchOutput(Block({"[ RUN      ] Server.RespondsWithServerErrorWhenStoreFails",
                         "chapters/04-client-disconnect/server_test.cpp:212: Failure"}),
                  kOutput, "/home/me/kit");
  ASSERT_TRUE(mismatch);
  EXPECT_EQ(mismatch->expected.number, 11);
  EXPECT_EQ(mismatch->expected.text, "chapters/04-client-disconnect/server_test.cpp:212: Failure");
  ASSERT_FALSE(mismatch->nearest.empty());
  EXPECT_EQ(mismatch->nearest[0].number, 3);
  EXPECT_EQ(mismatch->nearest[0].text,
            "chapters/04-client-disconnect/server_test.cpp:211: Failure");
}

TEST(MatchOutput, AChangedMessageIsAMismatch) {
  const auto mismatch =
      MatchOutput(Block({"the client is still there: tell it the store failed"}), kOutput, {});
  ASSERT_TRUE(mismatch);
  EXPECT_EQ(mismatch->expected.number, 10);
  EXPECT_EQ(mismatch->nearest.at(0).number, 8);
}

TEST(MatchOutput, LinesOutOfOrderAreAMismatch) {
  const auto mismatch =
      MatchOutput(Block({"    Which is: 200", "Expected equality of these values:"}), kOutput, {});
  ASSERT_TRUE(mismatch);
  EXPECT_EQ(mismatch->expected.number, 11);
}

TEST(MatchOutput, ABlockLineOfThreeDotsMatchesAnythingAndIndentationCounts) {
  EXPECT_FALSE(MatchOutput(
      Block({"[ RUN      ] Server.RespondsWithServerErrorWhenStoreFails", "...", "  500"}), kOutput,
      {}));
  EXPECT_TRUE(MatchOutput(Block({"500"}), kOutput, {}));  // a line, not a part of one
}

TEST(NormaliseLine, ReplacesWhatChangesFromRunToRunAndNothingElse) {
  const std::filesystem::path root = "/home/me/kit";
  EXPECT_EQ(NormaliseLine("\x1b[1;31m✗\x1b[0m failed (102 ms), 0.11 sec, after 999 ms", root),
            "✗ failed (<time>), <time>, after <time>");
  EXPECT_EQ(NormaliseLine("/home/me/kit/chapters/a.cpp:27 /home/me/kit/build/ci/chapters/x", root),
            "chapters/a.cpp:27 build/<preset>/chapters/x");
  EXPECT_EQ(NormaliseLine("./build/dev/chapters/ch04_serve  ", root),
            "./build/<preset>/chapters/ch04_serve");
  EXPECT_EQ(NormaliseLine("==4242==ERROR: heap-use-after-free on address 0x602000000010", root),
            "==<pid>==ERROR: heap-use-after-free on address 0x<address>");
  EXPECT_EQ(NormaliseLine("  Thread T3 (tid=12345, running) created by main thread", root),
            "  Thread T<n> (tid=<id>, running) created by main thread");
  EXPECT_EQ(NormaliseLine("./kit check 04: 8 tests, 2 fail, server_test.cpp:211", root),
            "./kit check 04: 8 tests, 2 fail, server_test.cpp:211");
}

BuildFacts Facts() {
  constexpr std::string_view kPresets = R"({
    "configurePresets": [{"name": "dev"}, {"name": "ci"}],
    "buildPresets": [{"name": "dev"}],
    "workflowPresets": [{"name": "ci"}],
    "testPresets": [
      {"name": "dev", "filter": {"exclude": {"label": "exercise"}}},
      {"name": "learn"}]})";
  constexpr std::string_view kListing = R"({"kind": "ctestInfo", "tests": [
    {"name": "ch04.Server.A", "properties": [{"name": "LABELS", "value": ["ch04", "exercise"]}]},
    {"name": "sol04.Server.A", "properties": [{"name": "LABELS", "value": ["solution", "sol04"]}]},
    {"name": "selfcheck.ch04"}]})";
  return {.presets = ParsePresets(kPresets).value(),
          .tests = ParseTestListing(kListing).value(),
          .targets = {"ch04_serve"}};
}

std::optional<std::string> Problem(std::string program, std::vector<std::string> arguments) {
  return BuildCommandProblem({.line = 1, .program = std::move(program), .arguments = arguments},
                             Facts());
}

TEST(BuildCommandProblem, ACtestLabelMustFindTestsThroughThePresetsFilter) {
  EXPECT_FALSE(Problem("ctest", {"--preset", "learn", "-L", "ch04"}));
  EXPECT_FALSE(Problem("ctest", {"--preset", "dev", "-L", "sol04"}));
  const auto excluded = Problem("ctest", {"--preset", "dev", "-L", "ch04"});
  ASSERT_TRUE(excluded);
  EXPECT_NE(excluded->find("leaves out the tests labelled 'exercise'"), std::string::npos)
      << *excluded;
  const auto unknown = Problem("ctest", {"--preset", "dev", "-L", "ch07"});
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->find("no test of this build has a label that matches 'ch07'"),
            std::string::npos)
      << *unknown;
  EXPECT_TRUE(Problem("ctest", {"--preset", "lean", "-L", "ch04"}));
}

TEST(ParsePresets, ATestPresetInheritsTheFilterOfThePresetsItNames) {
  const auto presets = ParsePresets(R"({"testPresets": [
      {"name": "suite", "hidden": true, "filter": {"exclude": {"label": "exercise"}}},
      {"name": "sanitized", "hidden": true, "inherits": "suite"},
      {"name": "asan", "inherits": ["sanitized"], "filter": {"include": {"label": "turns"}}},
      {"name": "own", "inherits": "suite", "filter": {"exclude": {"label": "bench"}}}]})");
  ASSERT_TRUE(presets) << presets.error();
  EXPECT_EQ(presets->test.at("asan").exclude_label, "exercise");  // from two levels up
  EXPECT_EQ(presets->test.at("asan").include_label, "turns");     // its own
  EXPECT_EQ(presets->test.at("own").exclude_label, "bench");      // its own wins
}

TEST(ParsePresets, AnInheritanceLoopIsAnError) {
  EXPECT_FALSE(ParsePresets(R"({"testPresets": [{"name": "a", "inherits": "b"},
                                                {"name": "b", "inherits": "a"}]})"));
}

TEST(BuildCommandProblem, CmakePresetsOfEachKindAndTargetsMustExist) {
  EXPECT_FALSE(Problem("cmake", {"--preset", "ci"}));
  EXPECT_FALSE(Problem("cmake", {"--build", "--preset", "dev", "--target", "ch04_serve"}));
  EXPECT_TRUE(Problem("cmake", {"--build", "--preset", "ci"}));  // no such build preset
  EXPECT_TRUE(Problem("cmake", {"--build", "--preset", "dev", "--target", "ch04_server"}));
  EXPECT_FALSE(Problem("cmake", {"--workflow", "--preset", "ci"}));
  EXPECT_TRUE(Problem("cmake", {"--workflow", "--preset", "dev"}));
}

}  // namespace
}  // namespace kit
