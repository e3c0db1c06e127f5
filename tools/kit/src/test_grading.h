// Grading a test rather than code: the learner's own test (chapters.toml's test_files) is run
// against the solution, where it must pass, and against the wrong turns the chapter grades it
// against (grades_against), each of which it must reject. The same grading proves the kit's model
// test (solutions/<dir>/, same name) and shows that the starting test is not yet enough.
//
// No program is built for it: the learner's test is linked into chNN_solution and into each
// graded chNN_wrong_<slug> beside the chapter's tests, and run alone with a GoogleTest filter made
// of the tests its file defines. The model test has programs of its own in the plain build only,
// chNN_model_solution and chNN_model_wrong_<slug>, holding nothing else (cmake/CancelkitChapter).
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
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

struct TestGrade {
  TestRun on_solution;
  std::vector<TurnGrade> turns;  // empty when the test already fails on the solution

  bool PassesOnSolution() const { return on_solution.outcome == TestRun::Outcome::kAllPassed; }
  std::size_t LetThrough() const;
  // Passes on the solution and catches every graded wrong turn.
  bool Good() const { return PassesOnSolution() && LetThrough() == 0; }
};

// Runs the graded test against the solution and, when it passes there, against every wrong turn.
std::expected<TestGrade, std::string> GradeTest(const Chapter& chapter, const GradingSpec& spec);

}  // namespace kit
