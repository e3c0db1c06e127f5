#include "test_grading.h"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>

#include "run_side_by_side.h"
#include "selfcheck.h"
#include "test_list.h"
#include "text.h"

namespace kit {

namespace fs = std::filesystem;

namespace {

std::string ProgramPrefix(const Chapter& chapter, GradedTest which) {
  return "ch" + chapter.number + (which == GradedTest::kModel ? "_model_" : "_");
}

// Paths as GoogleTest's listing spells them (the compiler's, absolute) and as we do.
bool SameFile(const fs::path& a, const fs::path& b) {
  return fs::weakly_canonical(a) == fs::weakly_canonical(b);
}

}  // namespace

std::size_t TestGrade::LetThrough() const {
  return static_cast<std::size_t>(std::ranges::count(turns, false, &TurnGrade::caught));
}

std::expected<GradingSpec, std::string> GradingFor(const Chapter& chapter, GradedTest which,
                                                   const fs::path& root,
                                                   const fs::path& programs_dir) {
  if (chapter.test_files.empty()) {
    return std::unexpected("chapter " + chapter.number + " has no test for the learner to write");
  }
  const auto solution_dir = root / "solutions" / chapter.dir;
  const auto turns = ReadTurns(solution_dir, chapter.files);
  if (!turns) return std::unexpected(turns.error());
  const auto prefix = ProgramPrefix(chapter, which);
  GradingSpec spec{.solution_program = programs_dir / (prefix + "solution"),
                   .wrong_turns = {},
                   .start_program = {},
                   .start_build_error = std::nullopt,
                   .test_files = {},
                   .timeout_per_test = chapter.timeout,
                   .hang_diagnosis = chapter.hang_diagnosis};
  for (const auto& slug : chapter.grades_against) {
    const auto turn = std::ranges::find_if(*turns, [&](const Turn& candidate) {
      return candidate.kind == Turn::Kind::kWrong && candidate.slug == slug;
    });
    if (turn == turns->end()) {
      return std::unexpected("chapter " + chapter.number + ": grades_against names " + slug +
                             ", which is not a wrong turn in " + solution_dir.string() + "/wrong/");
    }
    if (turn->rejected_by != BuildKind::kPlain) {
      return std::unexpected("chapter " + chapter.number + ": wrong/" + slug +
                             " is checked in the " + std::string(Name(turn->rejected_by)) +
                             " build; a learner's test is graded in the plain one only");
    }
    spec.wrong_turns.emplace_back(*turn, programs_dir / (prefix + "wrong_" + slug));
  }
  if (chapter.red_at_start) spec.start_program = programs_dir / (prefix + "start");
  if (which == GradedTest::kLearners) {
    for (const auto& file : chapter.test_files) {
      spec.test_files.push_back(root / "chapters" / chapter.dir / file);
    }
  }
  return spec;
}

std::expected<std::string, std::string> FilterForTestsIn(const fs::path& program,
                                                         const std::vector<fs::path>& files) {
  const auto listed = ListTests(program);
  if (!listed) return std::unexpected(listed.error());
  std::vector<std::string> names;
  for (const auto& test : *listed) {
    if (std::ranges::any_of(files, [&](const fs::path& f) { return SameFile(f, test.file); })) {
      names.push_back(test.name);
    }
  }
  if (names.empty()) {
    std::vector<std::string> shown;
    for (const auto& f : files) shown.push_back(f.filename().string());
    return std::unexpected(Join(shown, ", ") + " defines no test: write at least one TEST");
  }
  return Join(names, ":");
}

StartGrade JudgeOnStart(TestRun run) {
  StartGrade grade{.verdict = StartGrade::Verdict::kPasses, .run = {}, .how = HowRejected(run)};
  switch (run.outcome) {
    case TestRun::Outcome::kAllPassed:
      break;
    case TestRun::Outcome::kTestsFailed:
      grade.verdict = StartGrade::Verdict::kRedForTheRightReason;
      break;
    default:
      grade.verdict = StartGrade::Verdict::kWrongReason;
      // HowRejected tells what followed the failed assertions: "then it crashed with SIGSEGV".
      if (grade.how.starts_with("then ")) grade.how.erase(0, 5);
      if (grade.how.empty()) {
        grade.how = fmt::format("the program stopped with exit code {}", run.exit_code);
      }
  }
  grade.run = std::move(run);
  return grade;
}

std::expected<TestGrade, std::string> GradeTest(const Chapter& chapter, const GradingSpec& spec) {
  std::string filter;
  if (!spec.test_files.empty()) {
    auto found = FilterForTestsIn(spec.solution_program, spec.test_files);
    if (!found) return std::unexpected(found.error());
    filter = std::move(*found);
  }
  // The solution first: the others only count when the test passes there.
  std::vector<fs::path> programs{spec.solution_program};
  const bool on_start = !spec.start_program.empty() && !spec.start_build_error;
  if (on_start) programs.push_back(spec.start_program);
  for (const auto& [turn, program] : spec.wrong_turns) programs.push_back(program);
  std::atomic<bool> fails_on_solution = false;
  const auto run_one =
      [&](std::size_t index) -> std::optional<std::expected<TestRun, std::string>> {
    if (index > 0 && fails_on_solution) return std::nullopt;  // nobody will read it
    auto run = RunCatchingErrors(RunTests, {.program = programs[index],
                                            .timeout_per_test = spec.timeout_per_test,
                                            .hang_diagnosis = spec.hang_diagnosis,
                                            .environment = {},
                                            .gtest_filter = filter});
    if (index == 0 && !(run && run->outcome == TestRun::Outcome::kAllPassed)) {
      fails_on_solution = true;
    }
    return run;
  };
  auto runs = RunSideBySide(programs.size(), kProgramsAtOnce, run_one);
  auto& on_solution = *runs.front();
  if (!on_solution) return std::unexpected(on_solution.error());
  TestGrade grade{.on_solution = std::move(*on_solution), .on_start = std::nullopt, .turns = {}};
  if (!grade.PassesOnSolution()) return grade;
  std::size_t next = 1;
  if (on_start) {
    auto& run = *runs[next++];
    if (!run) return std::unexpected(run.error());
    grade.on_start = JudgeOnStart(std::move(*run));
  } else if (spec.start_build_error) {
    grade.on_start = StartGrade{
        .verdict = StartGrade::Verdict::kDoesNotBuild, .run = {}, .how = *spec.start_build_error};
  }
  for (const auto& [turn, program] : spec.wrong_turns) {
    auto& on_turn = *runs[next++];
    if (!on_turn) return std::unexpected(on_turn.error());
    // Caught as the self-check counts a rejection: a failing assertion or a named hang.
    const bool caught = TurnProblems(chapter, turn, *on_turn, BuildKind::kPlain).empty();
    grade.turns.push_back(
        {.turn = turn, .caught = caught, .how = caught ? HowRejected(*on_turn) : ""});
  }
  return grade;
}

std::string ProgramsStamp(const GradingSpec& spec) {
  std::vector<fs::path> programs{spec.solution_program};
  if (!spec.start_program.empty()) programs.push_back(spec.start_program);
  for (const auto& [turn, program] : spec.wrong_turns) programs.push_back(program);
  std::string stamp;
  for (const auto& program : programs) {
    std::error_code size_error;
    std::error_code time_error;
    const auto size = fs::file_size(program, size_error);
    const auto written = fs::last_write_time(program, time_error);
    stamp += program.string();
    stamp += size_error || time_error
                 ? " missing\n"
                 : fmt::format(" {} {}\n", size, written.time_since_epoch().count());
  }
  return stamp + spec.start_build_error.value_or("");
}

}  // namespace kit
