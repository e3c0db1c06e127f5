// Wrong and right turns: their headers, their folders, and the self-check's verdict on a run.
#include "turns.h"

#include <gtest/gtest.h>

#include <fstream>

#include "fake_chapter.h"
#include "selfcheck.h"
#include "test_run.h"

namespace kit {
namespace {

namespace fs = std::filesystem;

TEST(TurnHeader, ReadsAWrongTurnWithTheRunThatMustRejectIt) {
  const auto turn = ParseTurnHeader("// wrong turn [race]: a handler that detaches its thread");
  ASSERT_TRUE(turn) << turn.error();
  EXPECT_EQ(turn->kind, Turn::Kind::kWrong);
  EXPECT_EQ(turn->rejected_by, BuildKind::kRace);
  EXPECT_EQ(turn->description, "a handler that detaches its thread");
}

TEST(TurnHeader, ReadsARightTurn) {
  const auto turn = ParseTurnHeader("// right turn: a handler that polls a future");
  ASSERT_TRUE(turn) << turn.error();
  EXPECT_EQ(turn->kind, Turn::Kind::kRight);
  EXPECT_EQ(turn->description, "a handler that polls a future");
}

TEST(TurnHeader, RefusesAnUnknownRunAMissingDescriptionOrAnyOtherLine) {
  EXPECT_FALSE(ParseTurnHeader("// wrong turn [slow]: a handler"));
  EXPECT_FALSE(ParseTurnHeader("// wrong turn [plain]:   "));
  EXPECT_FALSE(ParseTurnHeader("// wrong turn: a handler"));
  EXPECT_FALSE(ParseTurnHeader("// Chapter 2, solved"));
}

class TurnFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::path(::testing::TempDir()) /
        ("turns-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& relative, std::string_view text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }

  fs::path root_;
  const std::vector<std::string> learner_files_{"query.cpp", "server.cpp"};
};

TEST_F(TurnFolder, ListsWrongTurnsThenRightTurnsWithTheirFiles) {
  Write("right/async/server.cpp", "// right turn: a handler on std::async\n");
  Write("wrong/early/query.cpp", "// wrong turn [plain]: a query that stops too early\n");
  Write("wrong/early/server.cpp", "// wrong turn [plain]: a query that stops too early\n");
  const auto turns = ReadTurns(root_, learner_files_);
  ASSERT_TRUE(turns) << turns.error();
  ASSERT_EQ(turns->size(), 2u);
  EXPECT_EQ((*turns)[0].Label(), "wrong/early");
  EXPECT_EQ((*turns)[0].files.size(), 2u);
  EXPECT_EQ((*turns)[1].Label(), "right/async");
}

TEST_F(TurnFolder, RefusesAFileThatIsNotALearnerFile) {
  Write("wrong/extra/helper.cpp", "// wrong turn [plain]: a helper\n");
  const auto turn = ReadTurn(root_ / "wrong/extra", learner_files_);
  ASSERT_FALSE(turn);
  EXPECT_NE(turn.error().find("helper.cpp: not a learner file"), std::string::npos) << turn.error();
}

TEST_F(TurnFolder, RefusesFilesWhoseHeadersDisagree) {
  Write("wrong/two/query.cpp", "// wrong turn [plain]: one thing\n");
  Write("wrong/two/server.cpp", "// wrong turn [plain]: another thing\n");
  EXPECT_FALSE(ReadTurn(root_ / "wrong/two", learner_files_));
}

TEST_F(TurnFolder, RefusesARightTurnInTheWrongFolder) {
  Write("wrong/misplaced/server.cpp", "// right turn: a correct handler\n");
  EXPECT_FALSE(ReadTurn(root_ / "wrong/misplaced", learner_files_));
}

// The verdicts, on runs of the fake chapter program.
using testing::FakeChapter;

TestRun FakeRun(std::string_view behaviour) {
  return testing::RunFake(behaviour);
}

Turn Wrong() {
  return *ParseTurnHeader("// wrong turn [plain]: a handler that does nothing");
}
Turn Right() {
  return *ParseTurnHeader("// right turn: a handler that does it differently");
}

TEST(TurnVerdict, AWrongTurnIsRejectedByAFailingTestOrANamedHang) {
  const auto failing = FakeRun("fail");
  EXPECT_TRUE(TurnProblems(FakeChapter(), Wrong(), failing, BuildKind::kPlain).empty());
  EXPECT_NE(HowRejected(failing).find("Fake.DoesAsToldByTheEnvironment fails"), std::string::npos)
      << HowRejected(failing);
  EXPECT_TRUE(TurnProblems(FakeChapter(), Wrong(), FakeRun("hang"), BuildKind::kPlain).empty());
}

TEST(TurnVerdict, ACrashAfterAFailedAssertionDoesNotUndoTheRejection) {
  TestRun run = FakeRun("crash");
  ASSERT_EQ(run.outcome, TestRun::Outcome::kCrashed);
  TestResult failed_earlier;
  failed_earlier.name = "Fake.FailedEarlier";
  failed_earlier.status = TestResult::Status::kFailed;
  failed_earlier.failures = {"fake_test.cpp:12: Failure\nValue of: false"};
  run.tests.push_back(std::move(failed_earlier));
  EXPECT_TRUE(TurnProblems(FakeChapter(), Wrong(), run, BuildKind::kPlain).empty());
  EXPECT_NE(HowRejected(run).find("Fake.FailedEarlier fails"), std::string::npos)
      << HowRejected(run);
}

TEST(TurnVerdict, AWrongTurnThatPassesOrCrashesIsAProblem) {
  const auto passing = TurnProblems(FakeChapter(), Wrong(), FakeRun("pass"), BuildKind::kPlain);
  ASSERT_EQ(passing.size(), 1u);
  EXPECT_NE(passing[0].find("passes every test"), std::string::npos) << passing[0];
  const auto crashing = TurnProblems(FakeChapter(), Wrong(), FakeRun("crash"), BuildKind::kPlain);
  ASSERT_EQ(crashing.size(), 1u);
  EXPECT_NE(crashing[0].find("crashed with SIGSEGV"), std::string::npos) << crashing[0];
}

TEST(TurnVerdict, ARightTurnMustPassEveryTest) {
  EXPECT_TRUE(TurnProblems(FakeChapter(), Right(), FakeRun("pass"), BuildKind::kPlain).empty());
  const auto failing = TurnProblems(FakeChapter(), Right(), FakeRun("fail"), BuildKind::kPlain);
  ASSERT_EQ(failing.size(), 1u);
  EXPECT_NE(failing[0].find("is a correct design, yet the tests reject it"), std::string::npos)
      << failing[0];
  EXPECT_EQ(TurnProblems(FakeChapter(), Right(), FakeRun("hang"), BuildKind::kPlain).size(), 1u);
}

}  // namespace
}  // namespace kit
