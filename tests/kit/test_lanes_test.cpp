// A chapter's tests side by side (test_lanes.h): against the fake chapter, whose tests pass, fail,
// hang or crash as they are told, and on made-up lane runs for the merge.
#include "test_lanes.h"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fake_chapter.h"
#include "test_list.h"

namespace kit {
namespace {

using Outcome = TestRun::Outcome;
using Status = TestResult::Status;

using testing::FakeSpec;

const std::vector<std::string> kFakeTests = {"Fake.AlwaysPasses", "Fake.DoesAsToldByTheEnvironment",
                                             "Fake.ThenDoesAsToldToo"};

std::vector<std::string> NamesOf(const std::vector<TestResult>& tests) {
  std::vector<std::string> names;
  for (const auto& test : tests) names.push_back(test.name);
  return names;
}

std::vector<Status> StatusesOf(const std::vector<TestResult>& tests) {
  std::vector<Status> statuses;
  for (const auto& test : tests) statuses.push_back(test.status);
  return statuses;
}

TEST(ListTests, ListsEveryTestInTheProgramsOrderWithItsFile) {
  const auto listed = ListTests(KIT_FAKE_CHAPTER);
  ASSERT_TRUE(listed) << listed.error();
  std::vector<std::string> names;
  for (const auto& test : *listed) {
    names.push_back(test.name);
    EXPECT_TRUE(std::filesystem::equivalent(test.file, KIT_FAKE_CHAPTER_SOURCE)) << test.file;
  }
  EXPECT_EQ(names, kFakeTests);
}

TEST(ListTests, ListsOnlyWhatTheFilterLetsThrough) {
  const auto listed = ListTests(KIT_FAKE_CHAPTER, {}, "Fake.*Does*");
  ASSERT_TRUE(listed) << listed.error();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "Fake.DoesAsToldByTheEnvironment");
  EXPECT_EQ((*listed)[1].name, "Fake.ThenDoesAsToldToo");
}

TEST(ListTests, SaysWhenTheProgramCannotListItsTests) {
  const auto listed = ListTests("/bin/false");
  ASSERT_FALSE(listed);
  EXPECT_NE(listed.error().find("could not list its tests"), std::string::npos) << listed.error();
}

// The fake's two told tests open the two ends of one FIFO: each open waits for the other, so
// they pass only when they run at the same time.
class Lanes : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "kit-lanes-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    ASSERT_EQ(::mkfifo((dir_ / "meet").c_str(), 0600), 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  TestRunSpec MeetingSpec() const {
    TestRunSpec spec = FakeSpec("meet-writer", "meet-reader");
    spec.environment.emplace_back("KIT_FAKE_FIFO", (dir_ / "meet").string());
    return spec;
  }

 private:
  std::filesystem::path dir_;
};

TEST_F(Lanes, RunTheTestsAtTheSameTime) {
  const auto one_process = RunTests(MeetingSpec());
  ASSERT_TRUE(one_process) << one_process.error();
  ASSERT_EQ(one_process->outcome, Outcome::kHung) << "the meeting tests must not pass one by one";

  const auto in_lanes = RunInLanes(MeetingSpec(), RunTests, 3);
  ASSERT_TRUE(in_lanes) << in_lanes.error();
  EXPECT_EQ(in_lanes->outcome, Outcome::kAllPassed) << in_lanes->output;
  EXPECT_EQ(NamesOf(in_lanes->tests), kFakeTests);
}

TEST_F(Lanes, OneLaneIsOneProcess) {
  const auto run = RunInLanes(MeetingSpec(), RunTests, 1);
  ASSERT_TRUE(run) << run.error();
  EXPECT_EQ(run->outcome, Outcome::kHung);
}

TEST(RunInLanes, ReportsWhatOneProcessGoingOnAfterEveryStopReports) {
  for (const auto& [first, then] : {std::pair{"hang", "crash"}, std::pair{"fail", "hang"},
                                    std::pair{"crash", "fail"}, std::pair{"pass", "fail"}}) {
    SCOPED_TRACE(std::string(first) + " then " + then);
    const auto one_process = RunEveryTest(FakeSpec(first, then));
    const auto in_lanes = RunInLanes(FakeSpec(first, then), RunEveryTest, 3);
    ASSERT_TRUE(one_process) << one_process.error();
    ASSERT_TRUE(in_lanes) << in_lanes.error();
    EXPECT_EQ(in_lanes->outcome, one_process->outcome) << in_lanes->output;
    EXPECT_EQ(in_lanes->running_test, one_process->running_test);
    EXPECT_EQ(in_lanes->signal, one_process->signal);
    EXPECT_EQ(NamesOf(in_lanes->tests), NamesOf(one_process->tests));
    EXPECT_EQ(StatusesOf(in_lanes->tests), StatusesOf(one_process->tests));
  }
}

TEST(DealIntoLanes, GivesEachSlowTestALaneOfItsOwnEvenWhenTheySitTogether) {
  using std::chrono::milliseconds;
  const std::vector<std::string> tests = {"S.A", "S.Slow1", "S.Slow2", "S.Slow3", "S.B", "S.C"};
  const TestTimes times = {{"S.A", milliseconds(10)},       {"S.Slow1", milliseconds(2000)},
                           {"S.Slow2", milliseconds(2000)}, {"S.Slow3", milliseconds(2000)},
                           {"S.B", milliseconds(10)},       {"S.C", milliseconds(10)}};
  const auto lanes = DealIntoLanes(tests, times, 4);
  ASSERT_EQ(lanes.size(), 4u);
  for (const auto& lane : lanes) {
    EXPECT_LE(std::ranges::count_if(lane, [](const std::string& t) { return t.contains("Slow"); }),
              1)
        << ::testing::PrintToString(lane);
  }
}

TEST(DealIntoLanes, DealsUntimedTestsInTurnAndKeepsTheProgramsOrderInEachLane) {
  const auto lanes = DealIntoLanes({"S.A", "S.B", "S.C", "S.D", "S.E"}, {}, 2);
  EXPECT_EQ(lanes, (std::vector<std::vector<std::string>>{{"S.A", "S.C", "S.E"}, {"S.B", "S.D"}}));
}

TEST(DealIntoLanes, LeavesNoLaneEmpty) {
  EXPECT_EQ(DealIntoLanes({"S.A", "S.B"}, {}, 16).size(), 2u);
}

TEST_F(Lanes, RememberWhatEachTestTookForTheNextDeal) {
  const std::filesystem::path times = std::string(KIT_FAKE_CHAPTER) + ".test-times";
  std::filesystem::remove(times);
  ASSERT_TRUE(RunInLanes(FakeSpec("pass", "hang"), RunTests, 3));
  std::ifstream file(times);
  std::string written((std::istreambuf_iterator<char>(file)), {});
  EXPECT_TRUE(written.contains(" Fake.AlwaysPasses\n")) << written;
  // A test that hung took at least the watchdog's limit (500 ms in the fake's spec).
  EXPECT_TRUE(written.contains("500 Fake.ThenDoesAsToldToo\n")) << written;
}

TestRun LaneRun(Outcome outcome, std::vector<std::pair<std::string, Status>> tests,
                std::string running = {}) {
  TestRun run;
  run.outcome = outcome;
  run.running_test = std::move(running);
  run.output = "output of " + (tests.empty() ? std::string("nothing") : tests.front().first);
  for (auto& [name, status] : tests) {
    TestResult result;
    result.name = std::move(name);
    result.status = status;
    run.tests.push_back(std::move(result));
  }
  return run;
}

TEST(MergeLanes, PutsTheResultsBackInTheProgramsOrder) {
  const auto merged = MergeLanes(
      {LaneRun(Outcome::kAllPassed, {{"S.B", Status::kPassed}}),
       LaneRun(Outcome::kTestsFailed, {{"S.A", Status::kFailed}, {"S.C", Status::kPassed}})},
      {"S.A", "S.B", "S.C"});
  EXPECT_EQ(merged.outcome, Outcome::kTestsFailed);
  EXPECT_EQ(NamesOf(merged.tests), (std::vector<std::string>{"S.A", "S.B", "S.C"}));
  EXPECT_EQ(StatusesOf(merged.tests),
            (std::vector<Status>{Status::kFailed, Status::kPassed, Status::kPassed}));
}

TEST(MergeLanes, StopsWhereTheFirstStopInTheProgramsOrderIsNotInTheFirstLane) {
  const auto merged = MergeLanes(
      {LaneRun(Outcome::kCrashed, {{"S.C", Status::kCrashed}}, "S.C"),
       LaneRun(Outcome::kHung, {{"S.A", Status::kPassed}, {"S.B", Status::kHung}}, "S.B")},
      {"S.A", "S.B", "S.C"});
  EXPECT_EQ(merged.outcome, Outcome::kHung);
  EXPECT_EQ(merged.running_test, "S.B");
}

TEST(MergeLanes, AStopOutweighsFailuresAndFailuresOutweighPasses) {
  const std::vector<std::string> order = {"S.A", "S.B"};
  EXPECT_EQ(
      MergeLanes({LaneRun(Outcome::kTestsFailed, {{"S.A", Status::kFailed}}),
                  LaneRun(Outcome::kSanitizerReport, {{"S.B", Status::kSanitizerReport}}, "S.B")},
                 order)
          .outcome,
      Outcome::kSanitizerReport);
  EXPECT_EQ(MergeLanes({LaneRun(Outcome::kAllPassed, {{"S.A", Status::kPassed}}),
                        LaneRun(Outcome::kTestsFailed, {{"S.B", Status::kFailed}})},
                       order)
                .outcome,
            Outcome::kTestsFailed);
  EXPECT_EQ(MergeLanes({LaneRun(Outcome::kAllPassed, {{"S.A", Status::kPassed}}),
                        LaneRun(Outcome::kAllPassed, {{"S.B", Status::kPassed}})},
                       order)
                .outcome,
            Outcome::kAllPassed);
}

TEST(MergeLanes, KeepsTheOutputOfTheLaneThatFailedOtherwise) {
  const auto merged = MergeLanes({LaneRun(Outcome::kAllPassed, {{"S.A", Status::kPassed}}),
                                  LaneRun(Outcome::kOtherFailure, {{"S.B", Status::kPassed}})},
                                 {"S.A", "S.B"});
  EXPECT_EQ(merged.outcome, Outcome::kOtherFailure);
  EXPECT_EQ(merged.output, "output of S.B");
}

}  // namespace
}  // namespace kit
