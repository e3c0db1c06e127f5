// Grading a test rather than code: the learner's own test (chapters.toml's test_files) is run
// against the solution, where it must pass, against the wrong turns the chapter grades it against
// (grades_against), each of which it must reject, and, where the step is red first
// (red_at_start), against the starting code, where it must fail by an assertion. The same grading
// proves the kit's model test (solutions/<dir>/, same name) and shows that the starting test is
// not yet enough.
//
// The learner's test is linked into chNN_solution and into each graded chNN_wrong_<slug> beside
// the chapter's tests, and run alone with a GoogleTest filter made of the tests its file defines;
// one program holds it with the starting code, chNN_start. The model test has programs of its own
// in the plain build only, chNN_model_solution, chNN_model_wrong_<slug> and chNN_model_start,
// holding nothing else (cmake/CancelkitChapter.cmake). The programs are separate processes: they
// run a few at a time.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "manifest.h"
#include "test_run.h"
#include "turns.h"

namespace kit {

// Whose test is graded: the learner's (in chapters/<dir>/) or the kit's model (in solutions/).
enum class GradedTest { kLearners, kModel };

struct GradingSpec {
  std::filesystem::path solution_program;
  std::vector<std::pair<Turn, std::filesystem::path>> wrong_turns;  // and each one's program
  // Where the step is red first (chapters.toml: red_at_start): the graded test linked with the
  // starting code. Empty: the step does not ask for it.
  std::filesystem::path start_program;
  // Set by whoever builds the programs when start_program did not build (its first error): the
  // learner's test uses something the starting code does not have.
  std::optional<std::string> start_build_error;
  // The graded test's source files: only the tests they define are run. Empty: every test of the
  // programs (the model's programs hold nothing else).
  std::vector<std::filesystem::path> test_files;
  std::chrono::milliseconds timeout_per_test{5000};
  std::string hang_diagnosis;
};

// The programs that grade `which` test of `chapter`, in `programs_dir` (build/<preset>/chapters).
std::expected<GradingSpec, std::string> GradingFor(const Chapter& chapter, GradedTest which,
                                                   const std::filesystem::path& root,
                                                   const std::filesystem::path& programs_dir);

// Every Suite.Test of `program` defined in one of `files`, joined into a --gtest_filter; an error
// when there is none (a test file emptied by mistake must not quietly grade nothing).
std::expected<std::string, std::string> FilterForTestsIn(
    const std::filesystem::path& program, const std::vector<std::filesystem::path>& files);

struct TurnGrade {
  Turn turn;
  bool caught = false;
  std::string how;  // caught: how the test rejected it; let through: empty
};

// The graded test on the starting code: a test written before the code it drives must fail
// there, and for the right reason, an assertion about what the code does.
struct StartGrade {
  enum class Verdict {
    kRedForTheRightReason,  // a test failed by an assertion, and nothing hung or crashed
    kPasses,                // it proves nothing yet
    kWrongReason,           // it hung, crashed or stopped the program some other way
    kDoesNotBuild,          // it does not compile or link with the starting code
  };
  Verdict verdict = Verdict::kPasses;
  TestRun run;      // empty for kDoesNotBuild
  std::string how;  // how it failed (HowRejected), or for kDoesNotBuild the build's first error

  bool Red() const { return verdict == Verdict::kRedForTheRightReason; }
};

// What a run on the starting code means (GradeTest's judgement, apart for the tests).
StartGrade JudgeOnStart(TestRun run);

struct TestGrade {
  TestRun on_solution;
  // Where the step is red first; empty, as `turns`, when the test already fails on the solution.
  std::optional<StartGrade> on_start;
  std::vector<TurnGrade> turns;  // empty when the test already fails on the solution

  bool PassesOnSolution() const { return on_solution.outcome == TestRun::Outcome::kAllPassed; }
  std::size_t LetThrough() const;
  // Passes on the solution, catches every graded wrong turn, and is red first where it must be.
  bool Good() const {
    return PassesOnSolution() && LetThrough() == 0 && (!on_start || on_start->Red());
  }
};

// Runs the graded test against the solution and, when it passes there, against every wrong turn
// and the starting code. The programs run at the same time, at most kProgramsAtOnce of them; those
// not started yet are skipped once the test fails on the solution.
inline constexpr std::size_t kProgramsAtOnce = 3;
std::expected<TestGrade, std::string> GradeTest(const Chapter& chapter, const GradingSpec& spec);

// What a grade depends on besides the chapter: each graded program as built (its path, size and
// time of last write) and why the starting code did not build. Equal stamps, equal programs: a
// grade can be reused (kit watch: saving the code the learner writes rebuilds none of them).
std::string ProgramsStamp(const GradingSpec& spec);

}  // namespace kit
