#include "manifest.h"

#include <gtest/gtest.h>

namespace kit {
namespace {

constexpr std::string_view kTwoChapters = R"(
[[chapter]]
number = "01"
dir = "01-first"
title = "The first"
files = ["server.cpp"]
test_files = ["my_server_test.cpp"]
grades_against = ["hard-coded-body", "error-status"]
red_at_start = true
failing_at_start = ["Server.Works"]
hints = ["one", "two"]

[[chapter]]
number = "02"
dir = "02-second"
title = "The second"
files = ["server.cpp", "store.cpp"]
timeout_ms = 1500
hang_diagnosis = "waiting for nothing?"
)";

TEST(Manifest, ReadsEveryFieldOfEveryChapter) {
  const auto manifest = ParseManifest(kTwoChapters, "chapters.toml");
  ASSERT_TRUE(manifest) << manifest.error();
  ASSERT_EQ(manifest->chapters.size(), 2u);
  const Chapter& first = manifest->chapters[0];
  EXPECT_EQ(first.number, "01");
  EXPECT_EQ(first.dir, "01-first");
  EXPECT_EQ(first.failing_at_start, std::vector<std::string>{"Server.Works"});
  EXPECT_EQ(first.hints.size(), 2u);
  EXPECT_EQ(first.timeout, std::chrono::milliseconds(5000)) << "the default";
  EXPECT_EQ(first.test_files, std::vector<std::string>{"my_server_test.cpp"});
  EXPECT_EQ(first.grades_against, (std::vector<std::string>{"hard-coded-body", "error-status"}));
  EXPECT_TRUE(first.red_at_start);
  const Chapter& second = manifest->chapters[1];
  EXPECT_EQ(second.files, (std::vector<std::string>{"server.cpp", "store.cpp"}));
  EXPECT_EQ(second.timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(second.hang_diagnosis, "waiting for nothing?");
  EXPECT_EQ(second.ExerciseTarget(), "ch02_exercise");
  EXPECT_TRUE(second.test_files.empty()) << "a chapter without a test-writing step";
  EXPECT_FALSE(second.red_at_start) << "the default";
}

TEST(Manifest, FindsAChapterByNumberWithOrWithoutZeroOrByFolder) {
  const auto manifest = ParseManifest(kTwoChapters, "chapters.toml");
  ASSERT_TRUE(manifest);
  EXPECT_EQ(manifest->Find("2"), &manifest->chapters[1]);
  EXPECT_EQ(manifest->Find("02"), &manifest->chapters[1]);
  EXPECT_EQ(manifest->Find("02-second"), &manifest->chapters[1]);
  EXPECT_EQ(manifest->Find("7"), nullptr);
  EXPECT_EQ(manifest->After(manifest->chapters[0]), &manifest->chapters[1]);
  EXPECT_EQ(manifest->After(manifest->chapters[1]), nullptr);
}

TEST(Manifest, NamesTheFileAndLineOfASyntaxError) {
  const auto manifest = ParseManifest("[[chapter]]\nnumber = \n", "chapters.toml");
  ASSERT_FALSE(manifest);
  EXPECT_TRUE(manifest.error().starts_with("chapters.toml:2:")) << manifest.error();
}

TEST(Manifest, RejectsAChapterWithoutLearnerFiles) {
  const auto manifest = ParseManifest("[[chapter]]\nnumber = \"01\"\ndir = \"01-a\"\n", "m.toml");
  ASSERT_FALSE(manifest);
  EXPECT_NE(manifest.error().find("chapter 01"), std::string::npos) << manifest.error();
}

// A learner's test with nothing to catch could never be graded, and wrong turns to grade against
// without a test to grade are a manifest's typo.
TEST(Manifest, RejectsATestFileWithoutWrongTurnsToGradeItAgainst) {
  const auto manifest = ParseManifest(
      "[[chapter]]\nnumber = \"01\"\ndir = \"01-a\"\nfiles = [\"s.cpp\"]\n"
      "test_files = [\"my_test.cpp\"]\n",
      "m.toml");
  ASSERT_FALSE(manifest);
  EXPECT_NE(manifest.error().find("grades_against"), std::string::npos) << manifest.error();
}

// Red first is a promise about the learner's test: a chapter without one cannot make it, and a
// "yes" that the parser would read as false must not quietly drop it.
TEST(Manifest, RejectsRedAtStartWithoutALearnersTestOrAsAnythingButTrueOrFalse) {
  const std::string chapter = "[[chapter]]\nnumber = \"01\"\ndir = \"01-a\"\nfiles = [\"s.cpp\"]\n";
  const auto without_test = ParseManifest(chapter + "red_at_start = true\n", "m.toml");
  ASSERT_FALSE(without_test);
  EXPECT_NE(without_test.error().find("test_files"), std::string::npos) << without_test.error();
  const auto as_text = ParseManifest(chapter +
                                         "test_files = [\"my_test.cpp\"]\n"
                                         "grades_against = [\"w\"]\nred_at_start = \"yes\"\n",
                                     "m.toml");
  ASSERT_FALSE(as_text);
  EXPECT_NE(as_text.error().find("true or false"), std::string::npos) << as_text.error();
}

TEST(Manifest, RefusesANameThatIsNotAPlainFileName) {
  for (const std::string_view name : {"../server.cpp", "a;b.cpp", "my server.cpp"}) {
    const std::string text = "[[chapter]]\nnumber = \"01\"\ndir = \"01-first\"\nfiles = [\"" +
                             std::string(name) + "\"]\n";

    const auto manifest = ParseManifest(text, "chapters.toml");

    ASSERT_FALSE(manifest) << name;
    EXPECT_NE(manifest.error().find("must be a plain name"), std::string::npos) << manifest.error();
  }
}

}  // namespace
}  // namespace kit
