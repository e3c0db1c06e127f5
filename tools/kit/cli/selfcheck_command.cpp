// The maintainer's proofs behind every chapter, one ctest test each:
//
//   kit_cli dev selfcheck NN --manifest chapters.toml --exercise
//   build/<preset>/chapters/chNN_exercise
//       selfcheck.chNN: the untouched exercise fails exactly as chapters.toml says.
//   kit_cli dev selfcheck NN --manifest chapters.toml --turn solutions/<dir>/wrong/<slug>
//                        --program build/<preset>/chapters/chNN_wrong_<slug> --build plain
//       wrongNN.<slug> / rightNN.<slug>: the tests reject the wrong turn, accept the right one.
//   kit_cli dev selfcheck NN --manifest chapters.toml --grade start|model
//                        --programs-dir build/<preset>/chapters
//       grade.chNN.start: the learner's starting test passes on the solution and lets every
//       graded wrong turn through (there is something to write); grade.chNN.model: the model
//       test passes on the solution and catches every one (it can be done). Where the step is
//       red first (red_at_start), the model test fails on the starting code by an assertion and
//       the starting test does not: it passes there.
#include <fmt/core.h>

#include "commands.h"
#include "selfcheck.h"
#include "test_grading.h"
#include "test_lanes.h"
#include "turns.h"
#include "verdict.h"

namespace kit {

namespace {

// What ctest counts as "skipped" (SKIP_RETURN_CODE in cmake/CancelkitChapter.cmake).
constexpr int kSkipped = 77;

// The same slack for sanitizers, and the same lanes, as ./kit check gives (BuildFor, verdict.h).
Build BuildOf(BuildKind build) {
  switch (build) {
    case BuildKind::kRace:
      return BuildFor(Sanitizer::kThread);
    case BuildKind::kAsan:
      return BuildFor(Sanitizer::kAddress);
    case BuildKind::kPlain:
      break;
  }
  return BuildFor(Sanitizer::kNone);
}

std::expected<TestRun, std::string> Run(const Chapter& chapter,
                                        const std::filesystem::path& program, BuildKind build) {
  // In lanes, as `kit check` runs a chapter: what the self-check proves of a wrong turn is then
  // what the learner's check finds. Each lane stops at its first hang or crash.
  const Build as_checked = BuildOf(build);
  return RunInLanes({.program = program,
                     .timeout_per_test = chapter.timeout * as_checked.timeout_factor,
                     .hang_diagnosis = chapter.hang_diagnosis,
                     .environment = {},
                     .gtest_filter = {}},
                    RunTests, as_checked.lanes);
}

int CheckExercise(const Chapter& chapter, const SelfCheckOptions& options, BuildKind build) {
  const auto run = Run(chapter, options.program, build);
  if (!run) {
    fmt::print(stderr, "selfcheck: chapter {}: {}\n", chapter.number, run.error());
    return 1;
  }
  const auto problems = SelfCheckProblems(chapter, *run);
  for (const auto& problem : problems) fmt::print("{}\n", problem);
  if (!problems.empty()) return 1;
  fmt::print(
      "chapter {}: the exercise starts as chapters.toml says: {} failing as expected, {} "
      "passing\n",
      chapter.number, run->CountWith(TestResult::Status::kFailed),
      run->CountWith(TestResult::Status::kPassed));
  return 0;
}

int CheckTurn(const Chapter& chapter, const SelfCheckOptions& options, BuildKind build) {
  const auto turn = ReadTurn(options.turn, chapter.files);
  if (!turn) {
    fmt::print(stderr, "selfcheck: chapter {}: {}\n", chapter.number, turn.error());
    return 1;
  }
  // A wrong turn is proven once, in the build its header names: a [plain] one fails the same
  // assertions under a sanitizer, only slower, so the sanitizer builds skip it (and do not build
  // it: cmake/CancelkitChapter.cmake). Right turns run in every build: they must be clean in all.
  if (turn->kind == Turn::Kind::kWrong && turn->rejected_by != build) {
    fmt::print("chapter {}: {} is checked in the {} build, not in this {} one\n", chapter.number,
               turn->Label(), Name(turn->rejected_by), Name(build));
    return kSkipped;
  }
  const auto run = Run(chapter, options.program, build);
  if (!run) {
    fmt::print(stderr, "selfcheck: chapter {}: {}: {}\n", chapter.number, turn->Label(),
               run.error());
    return 1;
  }
  const auto problems = TurnProblems(chapter, *turn, *run, build);
  for (const auto& problem : problems) fmt::print("{}\n", problem);
  if (!problems.empty()) return 1;
  if (turn->kind == Turn::Kind::kRight) {
    fmt::print("chapter {}: {} ({}) passes all {} tests\n", chapter.number, turn->Label(),
               turn->description, run->tests.size());
  } else {
    fmt::print("chapter {}: {} ({}) is rejected: {}\n", chapter.number, turn->Label(),
               turn->description, HowRejected(*run));
  }
  return 0;
}

int CheckGrading(const Chapter& chapter, const SelfCheckOptions& options) {
  const bool model = options.grade == "model";
  const auto root = std::filesystem::absolute(options.manifest).parent_path().parent_path();
  const auto spec = GradingFor(chapter, model ? GradedTest::kModel : GradedTest::kLearners, root,
                               options.programs_dir);
  if (!spec) {
    fmt::print(stderr, "selfcheck: {}\n", spec.error());
    return 1;
  }
  const auto grade = GradeTest(chapter, *spec);
  if (!grade) {
    fmt::print(stderr, "selfcheck: chapter {}: {}\n", chapter.number, grade.error());
    return 1;
  }
  const std::string which = model ? "the model test" : "the starting test";
  const std::string prefix = "chapter " + chapter.number + ": " + which;
  if (!grade->PassesOnSolution()) {
    fmt::print("{} fails on the solution: {}\n", prefix, HowRejected(grade->on_solution));
    return 1;
  }
  int problems = 0;
  for (const auto& turn : grade->turns) {
    if (model && !turn.caught) {
      fmt::print("{} lets {} through ({})\n", prefix, turn.turn.Label(), turn.turn.description);
      ++problems;
    } else if (!model && turn.caught) {
      fmt::print("{} already catches {}: the learner has nothing left to write for it ({})\n",
                 prefix, turn.turn.Label(), turn.how);
      ++problems;
    }
  }
  if (grade->on_start) {
    const auto& start = *grade->on_start;
    if (model && !start.Red()) {
      fmt::print(
          "{} is not red for the right reason on the starting code ({}): a step that asks "
          "for red first needs a test that fails there by an assertion\n",
          prefix, start.how.empty() ? "it passes" : start.how);
      ++problems;
    } else if (!model && start.verdict != StartGrade::Verdict::kPasses) {
      fmt::print(
          "{} does not pass on the starting code ({}): the learner would see red before "
          "writing anything\n",
          prefix, start.how);
      ++problems;
    }
  }
  if (problems > 0) return 1;
  std::string on_start;
  if (grade->on_start) {
    on_start = model ? ", fails on the starting code," : ", passes on the starting code,";
  }
  fmt::print("chapter {}: {} passes on the solution{} and {} all {} graded wrong turns\n",
             chapter.number, which, on_start, model ? "catches" : "lets through",
             grade->turns.size());
  return 0;
}

}  // namespace

int RunSelfCheck(const SelfCheckOptions& options) {
  const auto manifest = LoadManifest(options.manifest);
  if (!manifest) {
    fmt::print(stderr, "selfcheck: {}\n", manifest.error());
    return 1;
  }
  const Chapter* chapter = manifest->Find(options.chapter);
  if (chapter == nullptr) {
    fmt::print(stderr, "selfcheck: {} has no chapter {}\n", options.manifest.string(),
               options.chapter);
    return 1;
  }
  const auto build = ParseBuildKind(options.build);
  if (!build) {
    fmt::print(stderr, "selfcheck: --build: {}\n", build.error());
    return 1;
  }
  if (!options.grade.empty()) return CheckGrading(*chapter, options);
  if (options.program.empty()) {
    fmt::print(stderr, "selfcheck: --program (or --exercise) is required without --grade\n");
    return 1;
  }
  return options.turn.empty() ? CheckExercise(*chapter, options, *build)
                              : CheckTurn(*chapter, options, *build);
}

}  // namespace kit
