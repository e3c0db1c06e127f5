// kit_cli end to end, on a temporary copy of the kit (prepared by e2e_setup.cmake, see
// CMakeLists.txt): the learner's moves in chapter 1 and what the CLI answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "files.h"
#include "i18n.h"
#include "process.h"
#include "workspace.h"

namespace kit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Generous: the first build after an edit compiles one file, but the machine may be busy.
constexpr auto kVerdictDeadline = 180s;

class KitEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(copy_ / "build/dev")) {
      GTEST_SKIP() << "run through ctest: its kit.e2e.setup test prepares " << copy_;
    }
    // Every test starts from the untouched chapter and no saved progress.
    ASSERT_TRUE(Run({"git", "-C", copy_.string(), "checkout", "--quiet", "--", "chapters"})
                    .status.Succeeded());
    fs::remove_all(copy_ / ".kit");
  }

  using Environment = std::vector<std::pair<std::string, std::string>>;

  ProcessResult Run(std::vector<std::string> argv, Environment environment = {}) {
    auto result = RunProcess({.argv = std::move(argv),
                              .environment = std::move(environment),
                              .working_directory = copy_,
                              .pipe_stdin = false});
    EXPECT_TRUE(result) << result.error();
    return result.value_or(ProcessResult{});
  }

  ProcessResult Kit(std::vector<std::string> verb_and_arguments, Environment environment = {}) {
    std::vector<std::string> argv{cli_.string(), "--root", copy_.string(), "--color", "never"};
    argv.insert(argv.end(), verb_and_arguments.begin(), verb_and_arguments.end());
    return Run(std::move(argv), std::move(environment));
  }

  // Replaces the learner's file the way many editors save: a new file renamed over the old one.
  void SaveLearnerFile(const std::string& content) {
    const auto temporary = LearnerFile().string() + ".swp";
    std::ofstream(temporary) << content;
    fs::rename(temporary, LearnerFile());
  }

  // The learner's test, saved the same way.
  void SaveLearnerTest(const std::string& content) {
    const auto temporary = LearnerTest().string() + ".swp";
    std::ofstream(temporary) << content;
    fs::rename(temporary, LearnerTest());
  }

  // The whole chapter done: the solution's code and the model test.
  void SaveSolutionAndModelTest() {
    SaveLearnerFile(Solution());
    SaveLearnerTest(ReadFile(copy_ / "solutions/01-happy-path/my_server_test.cpp"));
  }

  fs::path LearnerFile() const { return copy_ / "chapters/01-happy-path/server.cpp"; }
  fs::path LearnerTest() const { return copy_ / "chapters/01-happy-path/my_server_test.cpp"; }
  std::string Solution() const { return ReadFile(copy_ / "solutions/01-happy-path/server.cpp"); }
  std::string Fixture(std::string_view name) const {
    return ReadFile(fs::path(KIT_FIXTURES) / name);
  }

  const fs::path cli_ = KIT_CLI;
  const fs::path copy_ = KIT_E2E_COPY;
};

// A test that catches every wrong turn it is graded against, and code that passes the kit's.
TEST_F(KitEndToEnd, AppliedSolutionAndModelTestPassAndAdvanceProgress) {
  SaveSolutionAndModelTest();
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("chapter 01 passes"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("Your test fails on the starting code, passes on the solution and "
                              "catches all 3 wrong turns"),
            std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("./kit diff 01"), std::string::npos) << check.output;

  const auto list = Kit({});
  EXPECT_NE(list.output.find("✓ 01"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("Next: read chapters/02"), std::string::npos) << list.output;
}

// Green code is not enough: the chapter waits for the learner's test, which names what it misses
// and shows that code only when asked.
TEST_F(KitEndToEnd, ATestThatLetsAWrongTurnThroughIsNamedAndHoldsTheChapterBack) {
  SaveLearnerFile(Solution());
  SaveLearnerTest(Fixture("ch01_test_lets_the_lessons_text_through.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("your code passes all"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("your test lets this through: a handler that answers with the "
                              "lesson's text, not the store's data\n"),
            std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("✓ catches a handler that sends the store's data with a 500"),
            std::string::npos)
      << check.output;
  EXPECT_EQ(check.output.find("lets this through", check.output.find("lets this through") + 1),
            std::string::npos)
      << "only one wrong turn gets through: " << check.output;
  EXPECT_EQ(check.output.find("w.Write("), std::string::npos)
      << "no code unasked: " << check.output;
  EXPECT_NE(check.output.find("./kit show-wrong 01 hard-coded-body"), std::string::npos)
      << check.output;

  const auto list = Kit({});
  EXPECT_NE(list.output.find("✗ 01"), std::string::npos) << list.output;

  const auto shown = Kit({"show-wrong", "01", "hard-coded-body"});
  EXPECT_EQ(shown.status.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("w.Write(\"hello, world\")"), std::string::npos) << shown.output;
}

// Red first: a test written before the handler must fail on the starting code. One that already
// passes there (it checks only the status, which an empty handler gets right) is told so, first,
// and holds the chapter back like a wrong turn it lets through.
TEST_F(KitEndToEnd, ATestThatPassesOnTheStartingCodeIsToldItProvesNothingYet) {
  SaveLearnerTest(Fixture("ch01_test_passes_on_the_starting_code.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  const auto heading = check.output.find(
      "Your test (chapters/01-happy-path/my_server_test.cpp) passes on the solution, and:\n");
  ASSERT_NE(heading, std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("  ✗ your test passes on the starting code: it does not fail before "
                              "the code it drives exists, so it proves nothing yet\n"),
            check.output.find('\n', heading) + 1)
      << "the first thing said about the test: " << check.output;
  EXPECT_NE(check.output.find("✓ catches a handler that sends the store's data with a 500"),
            std::string::npos)
      << check.output;

  // The same run of the kit with a test that does fail first says so instead.
  SaveLearnerTest(ReadFile(copy_ / "solutions/01-happy-path/my_server_test.cpp"));
  const auto red = Kit({"check", "01"});
  EXPECT_NE(red.output.find("  ✓ fails on the starting code first, by an assertion "
                            "(MyServer.ReturnsDataFromStore)\n"),
            std::string::npos)
      << red.output;
  EXPECT_EQ(red.output.find("proves nothing yet"), std::string::npos) << red.output;
}

// A test that does not build with the starting code has a line of its own, and the rest of it is
// graded as usual: it is not the learner's build that failed. Here the starting code, read from
// another git history (GIT_DIR reaches the git that writes it into the build tree), defines no
// Server() at all, so linking the learner's test with it fails, as it does for a test that calls
// something the starting code lacks.
TEST_F(KitEndToEnd, ATestThatDoesNotBuildWithTheStartingCodeIsToldSoAndTheRestIsGraded) {
  const auto history = copy_ / "build/another-history";
  fs::remove_all(history);
  fs::create_directories(history / "chapters/01-happy-path");
  std::ofstream(history / "chapters/01-happy-path/server.cpp")
      << "// starting code without the handler\n#include \"server.h\"\n";
  const std::vector<std::string> git{
      "git", "-C", history.string(), "-c", "user.name=kit-e2e", "-c", "user.email=kit-e2e@invalid"};
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"init", "--quiet"}, {"add", "--all"}, {"commit", "--quiet", "-m", "elsewhere"}}) {
    auto argv = git;
    argv.insert(argv.end(), command.begin(), command.end());
    ASSERT_TRUE(Run(argv).status.Succeeded());
  }
  SaveLearnerTest(ReadFile(copy_ / "solutions/01-happy-path/my_server_test.cpp"));
  const auto check = Kit({"check", "01"}, {{"GIT_DIR", (history / ".git").string()}});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_EQ(check.output.find("does not compile. The first error"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("✗ your test does not compile with the starting code, so it cannot "
                              "fail there first:\n"),
            std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("undefined reference"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("✓ catches a handler that adds a newline"), std::string::npos)
      << check.output;

  // Back with the kit's own history, the starting code is rewritten and the test is red there.
  const auto again = Kit({"check", "01"});
  EXPECT_NE(again.output.find("✓ fails on the starting code first"), std::string::npos)
      << again.output;
}

TEST_F(KitEndToEnd, ATestThatFailsOnCorrectCodeIsToldSoWithItsFailure) {
  SaveLearnerFile(Solution());
  SaveLearnerTest(Fixture("ch01_test_fails_on_correct_code.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("fails on correct code (the solution)"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("chapters/01-happy-path/my_server_test.cpp:"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("\"Good morning\""), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("lets this through"), std::string::npos)
      << "a test that fails on correct code catches nothing: " << check.output;
}

TEST_F(KitEndToEnd, ACompileErrorInTheLearnersTestShowsItsFileAndLine) {
  SaveLearnerTest(Fixture("ch01_test_syntax_error.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("chapter 01 does not compile"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("chapters/01-happy-path/my_server_test.cpp:11:"), std::string::npos)
      << check.output;
}

TEST_F(KitEndToEnd, EveryFailureHangAndCrashIsReportedInOrderThenCounted) {
  SaveLearnerFile(Fixture("ch01_every_kind_of_failure_server.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  const auto at = [&](std::string_view text) {
    return check.output.find(text);
  };
  constexpr auto kMissing = std::string::npos;

  // An assertion: the test and GoogleTest's message.
  const auto assertion = at("✗ Server.ReturnsDataFromStore\n");
  EXPECT_NE(assertion, kMissing) << check.output;
  EXPECT_NE(at("Which is: \"hello\""), kMissing) << check.output;
  // Both hangs, not only the first, and the chapter's diagnosis once.
  const auto first_hang = at("✗ Server.AsksTheStoreAgainForEachRequest hung: it did not finish");
  const auto second_hang =
      at("✗ ServerWithMock.AsksTheStoreAgainForEachRequest hung: it did not finish");
  EXPECT_NE(first_hang, kMissing) << check.output;
  EXPECT_NE(second_hang, kMissing) << check.output;
  EXPECT_NE(at("The usual cause in this chapter:"), kMissing) << check.output;
  EXPECT_EQ(at("The usual cause in this chapter:"), check.output.rfind("The usual cause"));
  // The crash: its signal and what std::terminate printed.
  const auto crash = at("✗ ServerWithMock.ReturnsDataFromStore crashed with SIGABRT.");
  EXPECT_NE(crash, kMissing) << check.output;
  EXPECT_NE(at("terminate called after throwing an instance of 'std::runtime_error'"), kMissing)
      << check.output;
  EXPECT_NE(at("the store spoke French"), kMissing) << check.output;
  // In the order they ran (each test file's tests in order), then the count.
  EXPECT_LT(assertion, first_hang) << check.output;
  EXPECT_LT(crash, second_hang) << check.output;
  EXPECT_NE(at("4 of 5 tests of chapter 01 fail: 1 assertion, 2 hangs, 1 crash.\n"), kMissing)
      << check.output;
}

// Whether the kit can show Korean on this machine (kit::CataloguesWork). With its own Korean
// locale (the build makes one from C.UTF-8's message data, which every Debian 12 and 13 has) it
// always can, so there a missing Korean is a failure, never a skip: a bare Debian 13 is exactly
// where that locale is needed. Only a machine without C.UTF-8's data, where the build could make
// none, may go without: the kit must then say so, with the command that fixes it.
bool KoreanShownHere() {
  UseLanguage(Language::kKorean, KIT_LOCALE_DIR);
  return CataloguesWork();
}

#define SKIP_UNLESS_KOREAN_IS_SHOWN(output)                                                     \
  if (!KoreanShownHere()) {                                                                     \
    ASSERT_FALSE(std::filesystem::exists(KitsOwnKoreanLocale(KIT_LOCALE_DIR)))                  \
        << "the kit's own Korean locale is built, yet its messages are not Korean:\n"           \
        << (output);                                                                            \
    EXPECT_NE((output).find("sudo localedef -i ko_KR -f UTF-8 ko_KR.UTF-8"), std::string::npos) \
        << (output);                                                                            \
    GTEST_SKIP() << "no locale here for Korean messages; the kit said how to make one";         \
  }

// The same learner in Korean (po/ko.po): --lang ko, remembered for the workspace, and --lang en
// back. The verdict, the chapter list and the lesson named are Korean; commands are not.
TEST_F(KitEndToEnd, InKoreanAPassingChapterIsPraisedInKoreanAndTheChoiceIsRemembered) {
  SaveSolutionAndModelTest();
  const auto check = Kit({"--lang", "ko", "check", "01"});
  EXPECT_EQ(check.status.exit_code, 0) << check.output;
  SKIP_UNLESS_KOREAN_IS_SHOWN(check.output);
  EXPECT_NE(check.output.find("✓ 챕터 01 통과: 테스트"), std::string::npos) << check.output;
  EXPECT_NE(
      check.output.find("여러분의 테스트는 시작 코드에서 실패하고 해답에서는 통과하며, 채점에 "
                        "쓰는 오답 3개를 모두 잡아냅니다"),
      std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("./kit diff 01"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("chapters/02-cancel/README.ko.md"), std::string::npos)
      << check.output;
  EXPECT_EQ(check.output.find("passes"), std::string::npos) << "no English: " << check.output;

  const auto list = Kit({});  // no --lang: the saved choice
  // However many chapters the kit has: the count is the manifest's, not this test's.
  EXPECT_THAT(list.output, testing::ContainsRegex("챕터 [0-9]+개 중 1개 통과"));
  EXPECT_NE(list.output.find("✓ 01  행복한 경로"), std::string::npos) << list.output;

  const auto english = Kit({"--lang", "en"});
  EXPECT_THAT(english.output, testing::ContainsRegex("1 of [0-9]+ chapters pass"));
  EXPECT_NE(Kit({}).output.find("Next: read chapters/02-cancel/README.md"), std::string::npos);
}

// LANG=ko_KR.UTF-8, a locale Debian does not generate unless asked: the kit's words are Korean,
// what the programs it runs print (GoogleTest, std::terminate, the compiler) is left as it is.
TEST_F(KitEndToEnd, WithAKoreanLocaleTheVerdictIsKoreanAndTheTestsOutputIsNot) {
  SaveLearnerFile(Fixture("ch01_every_kind_of_failure_server.cpp"));
  const auto check =
      Kit({"check", "01"}, {{"LANG", "ko_KR.UTF-8"}, {"LC_ALL", ""}, {"LANGUAGE", ""}});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("Which is: \"hello\""), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("terminate called after throwing an instance of"), std::string::npos)
      << check.output;
  SKIP_UNLESS_KOREAN_IS_SHOWN(check.output);
  EXPECT_NE(check.output.find("✗ Server.AsksTheStoreAgainForEachRequest이(가) 멈췄습니다"),
            std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("이 챕터에서 흔한 원인: 이 챕터에는 기다리는 코드가 없습니다"),
            std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("챕터 01의 테스트 5개 중 4개가 실패합니다: 단언(assertion) 실패 1개, "
                              "멈춤 2개, 비정상 종료 1개.\n"),
            std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("chapters/01-happy-path/README.ko.md"), std::string::npos)
      << check.output;
}

TEST_F(KitEndToEnd, InKoreanACompileErrorIsIntroducedInKoreanAndQuotedAsTheCompilerSaidIt) {
  SaveLearnerTest(Fixture("ch01_test_syntax_error.cpp"));
  const auto check = Kit({"--lang", "ko", "check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("chapters/01-happy-path/my_server_test.cpp:11:"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("error:"), std::string::npos) << check.output;
  SKIP_UNLESS_KOREAN_IS_SHOWN(check.output);
  EXPECT_NE(check.output.find("챕터 01: 컴파일되지 않습니다"), std::string::npos) << check.output;
}

TEST_F(KitEndToEnd, ProcessesTheTestsLeftRunningAreReportedAndEndedNotCalledAHang) {
  SaveLearnerFile(Fixture("ch01_forking_server.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("processes running after they ended"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("the kit has ended them"), std::string::npos) << check.output;
  // Before, the helpers held the output open until the silence limit: "a test hung".
  EXPECT_EQ(check.output.find("hung"), std::string::npos) << check.output;
}

TEST_F(KitEndToEnd, SyntaxErrorShowsOnlyTheFirstErrorWithFileAndLine) {
  SaveLearnerFile(Fixture("ch01_syntax_error_server.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("chapters/01-happy-path/server.cpp:8:"), std::string::npos)
      << check.output;
  EXPECT_EQ(check.output.find("FAILED:"), std::string::npos) << "ninja's noise: " << check.output;
  EXPECT_EQ(check.output.find(copy_.string()), std::string::npos) << "long paths: " << check.output;
}

TEST_F(KitEndToEnd, AnErrorInTheStandardLibraryShowsTheLearnersLineAndTheReason) {
  SaveLearnerFile(Fixture("ch01_thread_argument_server.cpp"));
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("chapters/01-happy-path/server.cpp:14:"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("required from here"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("evaluates to false"), std::string::npos)
      << "the reason, a note: " << check.output;
  EXPECT_EQ(check.output.find("In file included from"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("./kit check 01 --full"), std::string::npos) << check.output;

  const auto full = Kit({"check", "01", "--full"});
  EXPECT_EQ(full.status.exit_code, 1) << full.output;
  EXPECT_NE(full.output.find("In file included from"), std::string::npos) << full.output;
  EXPECT_NE(full.output.find("required from here"), std::string::npos) << full.output;
}

TEST_F(KitEndToEnd, AnEmptyChapterNameIsRefusedNotTakenForTheFirstChapter) {
  const auto check = Kit({"check", ""});
  EXPECT_NE(check.status.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("empty chapter"), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("chapter 01:"), std::string::npos) << check.output;
}

TEST_F(KitEndToEnd, AnotherChapterThatDoesNotCompileDoesNotStopTheCheckOfThisOne) {
  std::ofstream(copy_ / "chapters/02-cancel/server.cpp") << "this is not C++\n";
  SaveSolutionAndModelTest();
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("chapter 01 passes"), std::string::npos) << check.output;
}

TEST_F(KitEndToEnd, AMissingLearnerFileIsNamedWithTheResetCommand) {
  fs::remove(LearnerFile());
  const auto check = Kit({"check", "01"});
  EXPECT_EQ(check.status.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("chapters/01-happy-path/server.cpp is missing"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("./kit reset 01"), std::string::npos) << check.output;
}

TEST_F(KitEndToEnd, ResetRestoresTheStartingCodeAndBacksUpTheLearners) {
  const auto starting_code = ReadFile(LearnerFile());
  const auto starting_test = ReadFile(LearnerTest());
  SaveLearnerFile("// my work in progress\n");
  SaveLearnerTest("// my test in progress\n");
  const auto reset = Kit({"reset", "01", "--yes"});
  ASSERT_EQ(reset.status.exit_code, 0) << reset.output;
  EXPECT_EQ(ReadFile(LearnerFile()), starting_code);
  EXPECT_EQ(ReadFile(LearnerTest()), starting_test);

  const auto saved_in = reset.output.find(".kit/backups/");
  ASSERT_NE(saved_in, std::string::npos) << reset.output;
  const auto folder = reset.output.substr(saved_in, reset.output.find('\n', saved_in) - saved_in);
  EXPECT_EQ(ReadFile(copy_ / folder / "server.cpp"), "// my work in progress\n");
  EXPECT_EQ(ReadFile(copy_ / folder / "my_server_test.cpp"), "// my test in progress\n");
}

TEST_F(KitEndToEnd, ResetWithoutYesChangesNothing) {
  SaveLearnerFile("// keep me\n");
  const auto reset = Kit({"reset", "01"});  // stdin is /dev/null: no answer is a no
  EXPECT_EQ(reset.status.exit_code, 1) << reset.output;
  EXPECT_EQ(ReadFile(LearnerFile()), "// keep me\n");
}

TEST_F(KitEndToEnd, DiffShowsTheLearnersChangeBesideTheSolution) {
  SaveLearnerFile(Solution() + "// one more line\n");
  const auto diff = Kit({"diff", "01"});
  EXPECT_NE(diff.output.find("--- chapters/01-happy-path/server.cpp (yours)"), std::string::npos)
      << diff.output;
  EXPECT_NE(diff.output.find("\n-// one more line\n"), std::string::npos) << diff.output;
  // The learner's test beside the model test.
  EXPECT_NE(diff.output.find("+++ solutions/01-happy-path/my_server_test.cpp (the model test)"),
            std::string::npos)
      << diff.output;
}

TEST_F(KitEndToEnd, WatchChecksAgainAfterASaveShowsTheNextHintOnHAndQuitsOnQ) {
  auto watch = ChildProcess::Start(
      {.argv = {cli_.string(), "--root", copy_.string(), "--color", "never", "watch", "01"},
       .environment = {},
       .working_directory = copy_,
       .pipe_stdin = true});
  ASSERT_TRUE(watch) << watch.error();
  std::string output;
  const auto read_until = [&](std::string_view wanted, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (output.find(wanted) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      auto more = watch->ReadUntil(deadline);
      if (!more) return false;
      output += *more;
    }
    return output.find(wanted) != std::string::npos;
  };

  ASSERT_TRUE(read_until("r re-runs", kVerdictDeadline)) << output;
  EXPECT_NE(output.find("tests of chapter 01 fail"), std::string::npos) << output;
  ASSERT_TRUE(watch->Write("h"));
  ASSERT_TRUE(read_until("Press h again for the next one.", 30s)) << output;
  EXPECT_NE(output.find("Hint 1 of 5:"), std::string::npos) << output;
  ASSERT_TRUE(watch->Write("h"));
  ASSERT_TRUE(read_until("Hint 2 of 5:", 30s)) << output;
  EXPECT_EQ(output.find("./kit hint 01 again"), std::string::npos) << output;
  SaveSolutionAndModelTest();  // the test too: watch sees a save of either
  ASSERT_TRUE(read_until("chapter 01 passes", kVerdictDeadline)) << output;
  EXPECT_NE(output.find("(run 2)"), std::string::npos) << output;

  ASSERT_TRUE(watch->Write("q"));
  read_until("never printed: read until the end", 30s);
  const auto status = watch->Wait();
  EXPECT_EQ(status.exit_code, 0) << output;
}

}  // namespace
}  // namespace kit
