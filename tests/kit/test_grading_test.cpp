#include "test_grading.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace kit {
namespace {

// The learner's test shares its programs with the kit's tests: only what its file defines runs.
TEST(FilterForTestsIn, NamesEveryTestTheFileDefinesAndNoOther) {
  const auto filter = FilterForTestsIn(KIT_FAKE_CHAPTER, {KIT_FAKE_CHAPTER_SOURCE});
  ASSERT_TRUE(filter) << filter.error();
  EXPECT_EQ(*filter, "Fake.AlwaysPasses:Fake.DoesAsToldByTheEnvironment:Fake.ThenDoesAsToldToo");
}

// An empty filter would run every test of the program: a test file with no test must be an error.
TEST(FilterForTestsIn, ATestFileThatDefinesNoTestIsAnError) {
  const auto filter = FilterForTestsIn(KIT_FAKE_CHAPTER, {"/nowhere/my_server_test.cpp"});
  ASSERT_FALSE(filter);
  EXPECT_NE(filter.error().find("my_server_test.cpp defines no test"), std::string::npos)
      << filter.error();
}

// kit watch grades the learner's test again only when a graded program was rebuilt.
TEST(ProgramsStamp, ChangesWhenAGradedProgramIsRebuiltOrMissing) {
  namespace fs = std::filesystem;
  const auto dir = fs::path(::testing::TempDir()) / "programs-stamp";
  fs::create_directories(dir);
  const auto write = [](const fs::path& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  };
  write(dir / "solution", "solution v1");
  write(dir / "wrong", "wrong v1");
  const GradingSpec spec{.solution_program = dir / "solution",
                         .wrong_turns = {{Turn{}, dir / "wrong"}},
                         .start_program = {},
                         .start_build_error = std::nullopt,
                         .test_files = {},
                         .timeout_per_test = std::chrono::milliseconds(5000),
                         .hang_diagnosis = ""};
  const auto before = ProgramsStamp(spec);
  EXPECT_EQ(ProgramsStamp(spec), before);  // nothing rebuilt

  write(dir / "wrong", "wrong v2, relinked");
  const auto relinked = ProgramsStamp(spec);
  EXPECT_NE(relinked, before);

  // Relinked to the same size within the file system's time resolution: the time still moves
  // on, as a build writes the file anew.
  fs::last_write_time(dir / "solution",
                      fs::last_write_time(dir / "solution") + std::chrono::seconds(1));
  EXPECT_NE(ProgramsStamp(spec), relinked);

  fs::remove(dir / "solution");
  EXPECT_NE(ProgramsStamp(spec).find("missing"), std::string::npos);
  fs::remove_all(dir);
}

TestResult Ended(std::string name, TestResult::Status status) {
  TestResult test;
  test.name = std::move(name);
  test.status = status;
  return test;
}

// Red first means red by what the test checks: a test that passes on the starting code proves
// nothing yet, and one that hangs or crashes there fails for a reason it does not state.
TEST(JudgeOnStart, OnlyAFailedAssertionIsRedForTheRightReason) {
  using Verdict = StartGrade::Verdict;
  TestRun run;
  run.outcome = TestRun::Outcome::kAllPassed;
  run.tests = {Ended("MyServer.AnswersOk", TestResult::Status::kPassed)};
  EXPECT_EQ(JudgeOnStart(run).verdict, Verdict::kPasses);

  run.outcome = TestRun::Outcome::kTestsFailed;
  run.tests = {Ended("MyServer.ReturnsDataFromStore", TestResult::Status::kFailed)};
  run.tests.front().failures = {"my_server_test.cpp:22\nExpected equality"};
  const auto red = JudgeOnStart(run);
  EXPECT_TRUE(red.Red());
  EXPECT_NE(red.how.find("MyServer.ReturnsDataFromStore fails"), std::string::npos) << red.how;

  run.outcome = TestRun::Outcome::kHung;
  run.running_test = "MyServer.WaitsForever";
  run.tests = {Ended("MyServer.WaitsForever", TestResult::Status::kHung)};
  const auto hung = JudgeOnStart(run);
  EXPECT_EQ(hung.verdict, Verdict::kWrongReason);
  EXPECT_NE(hung.how.find("MyServer.WaitsForever hung"), std::string::npos) << hung.how;

  run.outcome = TestRun::Outcome::kCrashed;
  run.signal = 11;
  run.tests = {Ended("MyServer.Crashes", TestResult::Status::kCrashed)};
  const auto crashed = JudgeOnStart(run);
  EXPECT_EQ(crashed.verdict, Verdict::kWrongReason);
  EXPECT_EQ(crashed.how, "it crashed with SIGSEGV");

  run.outcome = TestRun::Outcome::kOtherFailure;
  run.exit_code = 3;
  run.tests = {};
  const auto other = JudgeOnStart(run);
  EXPECT_EQ(other.verdict, Verdict::kWrongReason);
  EXPECT_NE(other.how.find("exit code 3"), std::string::npos) << other.how;
}

}  // namespace
}  // namespace kit
