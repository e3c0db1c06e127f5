// The runner against a real GoogleTest program (fixtures/fake_chapter_test.cpp), and the
// self-check's verdicts on the runs it produces.
#include "test_run.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "fake_chapter.h"
#include "sanitizer_report.h"
#include "selfcheck.h"

namespace kit {
namespace {

using Outcome = TestRun::Outcome;
using Status = TestResult::Status;

using testing::FakeChapter;
using testing::RunFake;
using testing::RunFakeToTheEnd;

TEST(RunTests, ReportsEveryTestWhenAllPass) {
  const auto run = RunFake("pass");
  EXPECT_EQ(run.outcome, Outcome::kAllPassed) << run.output;
  EXPECT_EQ(run.CountWith(Status::kPassed), 3u);
}

TEST(RunTests, KeepsTheAssertionMessageOfAFailure) {
  const auto run = RunFake("fail");
  ASSERT_EQ(run.outcome, Outcome::kTestsFailed) << run.output;
  const TestResult* failed = run.Find("Fake.DoesAsToldByTheEnvironment");
  ASSERT_NE(failed, nullptr);
  ASSERT_EQ(failed->failures.size(), 1u);
  EXPECT_NE(failed->failures[0].find("the fake was told to fail"), std::string::npos);
  EXPECT_EQ(run.Find("Fake.AlwaysPasses")->status, Status::kPassed);
}

TEST(RunTests, KeepsWhatAFailingTestPrintedBesideItsAssertion) {
  const auto run = RunFake("complain-and-fail");
  const TestResult* failed = run.Find("Fake.DoesAsToldByTheEnvironment");
  ASSERT_NE(failed, nullptr) << run.output;
  EXPECT_EQ(failed->printed, "audit: entry lost (context canceled)") << run.output;
  EXPECT_EQ(run.Find("Fake.AlwaysPasses")->printed, "");
}

TEST(RunTests, NamesTheTestThatHung) {
  const auto run = RunFake("hang");
  EXPECT_EQ(run.outcome, Outcome::kHung) << run.output;
  EXPECT_EQ(run.running_test, "Fake.DoesAsToldByTheEnvironment");
  EXPECT_NE(run.hang_line.find("the fake waits on purpose"), std::string::npos) << run.hang_line;
}

TEST(RunTests, NamesTheSignalAndTheTestOfACrash) {
  const auto run = RunFake("crash");
  EXPECT_EQ(run.outcome, Outcome::kCrashed) << run.output;
  EXPECT_EQ(SignalName(run.signal), "SIGSEGV");
  EXPECT_EQ(run.running_test, "Fake.DoesAsToldByTheEnvironment");
}

TEST(RunTests, ListsTheTestThatStoppedTheProgramAmongTheTests) {
  const auto run = RunFake("hang", "fail");
  ASSERT_EQ(run.tests.size(), 2u) << run.output;  // the program ended before the third
  EXPECT_EQ(run.tests[0].status, Status::kPassed);
  EXPECT_EQ(run.tests[1].name, "Fake.DoesAsToldByTheEnvironment");
  EXPECT_EQ(run.tests[1].status, Status::kHung);
}

TEST(RunTests, KeepsWhatTheRuntimePrintedBeforeACrash) {
  const auto run = RunFake("throw-in-thread");
  ASSERT_EQ(run.outcome, Outcome::kCrashed) << run.output;
  EXPECT_EQ(SignalName(run.signal), "SIGABRT");
  const TestResult* crashed = run.Find("Fake.DoesAsToldByTheEnvironment");
  ASSERT_NE(crashed, nullptr) << run.output;
  EXPECT_EQ(crashed->status, Status::kCrashed);
  EXPECT_NE(crashed->printed.find("terminate called after throwing an instance of "
                                  "'std::runtime_error'"),
            std::string::npos)
      << crashed->printed;
  EXPECT_NE(crashed->printed.find("the fake's thread gave up"), std::string::npos)
      << crashed->printed;
}

// "forked child 123" in the output of the fake's fork behaviour.
pid_t ForkedChild(const std::string& output) {
  const auto at = output.find("forked child ");
  if (at == std::string::npos) return -1;
  return static_cast<pid_t>(std::stol(output.substr(at + 13)));
}

// Gone, or a zombie: ended, only not yet collected by init.
bool HasEnded(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const auto name_end = line.rfind(')');
  return name_end != std::string::npos && line.substr(name_end + 2, 1) == "Z";
}

TEST(RunTests, ReportsAndEndsAProcessTheTestsLeftRunning) {
  const auto started = std::chrono::steady_clock::now();
  const auto run = RunFake("fork");
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(run.outcome, Outcome::kLeftProcessesBehind) << run.output;
  EXPECT_EQ(run.processes_left_behind, 1) << run.output;
  EXPECT_EQ(run.CountWith(Status::kPassed), 3u) << run.output;
  // Not mistaken for a hang: the run ends with the program, not after the silence limit (6 s).
  EXPECT_LT(took, std::chrono::seconds(4));
  const pid_t child = ForkedChild(run.output);
  ASSERT_GT(child, 0) << run.output;
  for (int attempt = 0; attempt < 100 && !HasEnded(child); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // SIGKILL is not instant
  }
  EXPECT_TRUE(HasEnded(child)) << "the forked child " << child << " still runs";
}

TEST(RunEveryTest, GoesOnAfterAHangAndListsEveryTestInTheOrderTheyRan) {
  const auto run = RunFakeToTheEnd("hang", "fail");
  EXPECT_EQ(run.outcome, Outcome::kHung) << run.output;
  ASSERT_EQ(run.tests.size(), 3u) << run.output;
  EXPECT_EQ(run.tests[0].name, "Fake.AlwaysPasses");
  EXPECT_EQ(run.tests[0].status, Status::kPassed);
  EXPECT_EQ(run.tests[1].name, "Fake.DoesAsToldByTheEnvironment");
  EXPECT_EQ(run.tests[1].status, Status::kHung);
  EXPECT_NE(run.tests[1].hang_line.find("the fake waits on purpose"), std::string::npos);
  EXPECT_EQ(run.tests[2].name, "Fake.ThenDoesAsToldToo");
  EXPECT_EQ(run.tests[2].status, Status::kFailed);
  ASSERT_EQ(run.tests[2].failures.size(), 1u);
  EXPECT_NE(run.tests[2].failures[0].find("the fake was told to fail"), std::string::npos);
}

TEST(RunEveryTest, ReportsASecondHangAndACrashAfterIt) {
  const auto hangs = RunFakeToTheEnd("hang", "hang");
  EXPECT_EQ(hangs.CountWith(Status::kHung), 2u) << hangs.output;
  const auto crash = RunFakeToTheEnd("hang", "crash");
  ASSERT_EQ(crash.tests.size(), 3u) << crash.output;
  EXPECT_EQ(crash.tests[2].status, Status::kCrashed);
  EXPECT_EQ(SignalName(crash.tests[2].signal), "SIGSEGV");
}

TEST(RunEveryTest, SaysWhenATestThatCrashedPassesOnItsOwn) {
  const auto run = RunFakeToTheEnd("leave-a-crashing-thread", "wake-a-left-thread");
  const TestResult* crashed = run.Find("Fake.ThenDoesAsToldToo");
  ASSERT_NE(crashed, nullptr) << run.output;
  ASSERT_EQ(crashed->status, Status::kCrashed) << run.output;
  EXPECT_TRUE(crashed->passes_on_its_own) << run.output;

  const auto alone = RunFakeToTheEnd("crash", "pass");  // the crash is the test's own
  ASSERT_EQ(alone.Find("Fake.DoesAsToldByTheEnvironment")->status, Status::kCrashed);
  EXPECT_FALSE(alone.Find("Fake.DoesAsToldByTheEnvironment")->passes_on_its_own);
}

TEST(RunEveryTest, IsOneRunWhenNothingStopsTheProgram) {
  const auto run = RunFakeToTheEnd("fail", "pass");
  EXPECT_EQ(run.outcome, Outcome::kTestsFailed) << run.output;
  EXPECT_EQ(run.tests.size(), 3u);
  EXPECT_EQ(run.output.find("[==========] Running"), run.output.rfind("[==========] Running"))
      << "ran the program twice:\n"
      << run.output;
}

TEST(SelfCheck, AcceptsAnExerciseThatFailsExactlyAsListed) {
  const auto run = RunFake("fail");
  EXPECT_TRUE(SelfCheckProblems(FakeChapter({"Fake.DoesAsToldByTheEnvironment"}), run).empty());
}

TEST(SelfCheck, SaysWhenATestExpectedToFailPasses) {
  const auto problems =
      SelfCheckProblems(FakeChapter({"Fake.DoesAsToldByTheEnvironment"}), RunFake("pass"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "chapter 07: Fake.DoesAsToldByTheEnvironment was expected to fail at the start but "
            "passed — was the exercise solved by accident?");
}

TEST(SelfCheck, SaysWhenAnUnlistedTestFailsOrAListedOneIsMissing) {
  const auto problems = SelfCheckProblems(FakeChapter({"Fake.Renamed"}), RunFake("fail"));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("Fake.Renamed is listed in failing_at_start but did not run"),
            std::string::npos);
  EXPECT_NE(problems[1].find("Fake.DoesAsToldByTheEnvironment fails at the start but is not "
                             "listed"),
            std::string::npos);
}

TEST(SelfCheck, RefusesAFailureByHangingOrCrashing) {
  const auto chapter = FakeChapter({"Fake.DoesAsToldByTheEnvironment"});
  const auto hang = SelfCheckProblems(chapter, RunFake("hang"));
  ASSERT_EQ(hang.size(), 1u);
  EXPECT_NE(hang[0].find("Fake.DoesAsToldByTheEnvironment hung"), std::string::npos) << hang[0];
  const auto crash = SelfCheckProblems(chapter, RunFake("crash"));
  ASSERT_EQ(crash.size(), 1u);
  EXPECT_NE(crash[0].find("crashed with SIGSEGV while Fake.DoesAsToldByTheEnvironment"),
            std::string::npos)
      << crash[0];
}

TEST(InterpretRun, PrefersASanitizerReportToTheExitCode) {
  const ProcessResult process{
      .output =
          "[ RUN      ] Server.Races\n"
          "==================\n"
          "WARNING: ThreadSanitizer: data race (pid=1)\n"
          "  Write of size 1 at 0x7b0400000000 by thread T1:\n"
          "    #0 Handle /kit/chapters/02-cancel/server.cpp:20 (ch02_exercise+0x1)\n"
          "SUMMARY: ThreadSanitizer: data race /kit/chapters/02-cancel/server.cpp:20\n"
          "==================\n",
      .status = {.exit_code = 66, .signal = 0},
      .stopped_for_silence = false,
      .processes_left_behind = 0};
  const auto run = InterpretRun(process, std::nullopt);
  EXPECT_EQ(run.outcome, Outcome::kSanitizerReport);
  EXPECT_EQ(run.running_test, "Server.Races");
  EXPECT_EQ(run.sanitizer_report,
            "WARNING: ThreadSanitizer: data race (pid=1)\n"
            "  Write of size 1 at 0x7b0400000000 by thread T1:\n"
            "    Handle /kit/chapters/02-cancel/server.cpp:20\n"
            "SUMMARY: ThreadSanitizer: data race /kit/chapters/02-cancel/server.cpp:20");
}

TEST(InterpretRun, BlamesAReportThatLetTheProgramGoOnOnTheTestThatRanThen) {
  // A UBSan build without -fno-sanitize-recover reports and carries on: GoogleTest then says
  // PASSED, which must not be the last word.
  const ProcessResult process{
      .output =
          "[ RUN      ] Server.First\n"
          "[       OK ] Server.First (0 ms)\n"
          "[ RUN      ] Server.Overflows\n"
          "/kit/chapters/05-propagation/server.cpp:9:12: runtime error: signed integer "
          "overflow: 2147483647 + 1 cannot be represented in type 'int'\n"
          "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior "
          "/kit/chapters/05-propagation/server.cpp:9:12\n"
          "[       OK ] Server.Overflows (0 ms)\n"
          "[  PASSED  ] 2 tests.\n",
      .status = {.exit_code = 0, .signal = 0},
      .stopped_for_silence = false,
      .processes_left_behind = 0};
  const auto run = InterpretRun(process, std::nullopt);
  EXPECT_EQ(run.outcome, Outcome::kSanitizerReport);
  EXPECT_EQ(run.running_test, "Server.Overflows");
  ASSERT_EQ(run.tests.size(), 2u);
  EXPECT_EQ(run.tests[0].status, Status::kPassed);
  EXPECT_EQ(run.tests[1].status, Status::kSanitizerReport);
  EXPECT_EQ(SanitizerName(run.tests[1].sanitizer_report), "UndefinedBehaviorSanitizer");
}

TEST(SanitizerName, NamesEachSanitizerByItsHeadline) {
  EXPECT_EQ(SanitizerName("WARNING: ThreadSanitizer: data race (pid=1)"), "ThreadSanitizer");
  EXPECT_EQ(SanitizerName("==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x1"),
            "AddressSanitizer");
  EXPECT_EQ(SanitizerName("==1==ERROR: LeakSanitizer: detected memory leaks"), "LeakSanitizer");
  EXPECT_EQ(SanitizerName("a.cpp:1:2: runtime error: load of null pointer\nSUMMARY: "
                          "UndefinedBehaviorSanitizer: undefined-behavior a.cpp:1:2"),
            "UndefinedBehaviorSanitizer");
}

}  // namespace
}  // namespace kit
