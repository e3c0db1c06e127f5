#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <future>
#include <optional>

#include "build_progress.h"
#include "check.h"
#include "compiler_errors.h"
#include "process.h"
#include "test_grading.h"
#include "test_lanes.h"
#include "test_run.h"
#include "text.h"
#include "verdict.h"

namespace kit {

namespace {

namespace fs = std::filesystem;

// The build's output with the kit's absolute paths made relative to its root.
std::string RelativeToRootEverywhere(std::string text, const fs::path& root) {
  const auto prefix = root.string() + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

bool Configure(const Session& session, const Build& build) {
  const auto& kit = session.Kit();
  if (fs::exists(kit.BuildDir(build.preset) / "CMakeCache.txt")) return true;
  fmt::print("{}\n", session.Print().Dim(fmt::format(
                         fmt::runtime(_("configuring the {} build tree (only the first time)...")),
                         build.preset)));
  const auto configured = RunProcess({.argv = {"cmake", "--preset", build.preset},
                                      .environment = {},
                                      .working_directory = kit.Root(),
                                      .pipe_stdin = false});
  if (configured && configured->status.Succeeded()) return true;
  fmt::print("{}\n{}\n",
             session.Print().Bad(
                 fmt::format(fmt::runtime(_("configuring the {} build failed:")), build.preset)),
             configured ? Tail(configured->output, kOutputTailLines) : configured.error());
  return false;
}

// Whether the build failed only in the program that links the learner's test with the starting
// code (chNN_start, its code, or the step that writes that code): ninja names each failed step on
// a line "FAILED: <what it makes>", and those all carry the program's name.
bool OnlyTheStartProgramFailed(std::string_view output, const fs::path& start_program) {
  const auto name = start_program.filename().string();
  bool any = false;
  for (const auto line : Lines(output)) {
    if (!line.starts_with("FAILED: ")) continue;
    if (line.find(name) == std::string_view::npos) return false;
    any = true;
  }
  return any;
}

// The exercise, and where the learner writes a test, the programs that grade it (in the plain
// build): one build step, so that a save of the test compiles it once and relinks them together.
// The program with the starting code is one of them, but a test that does not build with the
// starting code is a verdict on the test (grading->start_build_error), not a build that failed:
// ninja goes on past it (-k 0), and the rest is judged as if it were not there.
bool BuildExercise(const Session& session, const Chapter& chapter, const Build& build,
                   GradingSpec* grading, bool full_output) {
  const auto& kit = session.Kit();
  std::vector<std::string> argv{"cmake", "--build", kit.BuildDir(build.preset).string(), "--target",
                                chapter.ExerciseTarget()};
  const bool with_start = grading != nullptr && !grading->start_program.empty();
  if (grading != nullptr) {
    argv.push_back(grading->solution_program.filename().string());
    for (const auto& [turn, program] : grading->wrong_turns) {
      argv.push_back(program.filename().string());
    }
  }
  if (with_start) {
    argv.push_back(grading->start_program.filename().string());
    argv.insert(argv.end(), {"--", "-k", "0"});
  }
  // A preset's first build (--race, --asan) takes a minute or more: show how far it has got.
  ProgressPrinter progress(stdout, ::isatty(STDOUT_FILENO) != 0);
  const auto built = RunBuild({.argv = std::move(argv),
                               .environment = {},
                               .working_directory = kit.Root(),
                               .pipe_stdin = false},
                              std::ref(progress));
  progress.Finish();
  if (built && built->status.Succeeded()) return true;
  if (built && with_start && OnlyTheStartProgramFailed(built->output, grading->start_program)) {
    const auto error = FindFirstError(built->output, kit.Root());
    grading->start_build_error =
        error ? error->text
              : Tail(RelativeToRootEverywhere(built->output, kit.Root()), kOutputTailLines);
    return true;
  }
  const auto& style = session.Print();
  if (!built) {
    fmt::print("{} {}\n", style.Bad(_("✗ could not run the build:")), built.error());
    return false;
  }
  const auto error = FindFirstError(built->output, kit.Root());
  if (full_output) {
    fmt::print(fmt::runtime(_("{} chapter {} does not compile. What the build printed:\n\n{}\n")),
               style.Bad("✗"), chapter.number,
               Indented(RelativeToRootEverywhere(built->output, kit.Root()), "  "));
  } else if (error) {
    fmt::print(fmt::runtime(_("{} chapter {} does not compile. The first error:\n\n{}\n")),
               style.Bad("✗"), chapter.number, Indented(error->text, "  "));
    if (error->lines_left_out > 0) {
      fmt::print(fmt::runtime(_("  … {} more lines of it\n")), error->lines_left_out);
    }
    if (error->more_errors > 0) {
      fmt::print("{}\n", style.Dim(fmt::format(
                             fmt::runtime(_("  (and {} more; fixing the first often fixes them)")),
                             error->more_errors)));
    }
    fmt::print("{}\n",
               style.Dim(fmt::format(fmt::runtime(_("  The compiler's whole output: {}")),
                                     style.Bold("./kit check " + chapter.number + " --full"))));
  } else {
    fmt::print(fmt::runtime(_("{} the build failed:\n{}\n")), style.Bad("✗"),
               Indented(Tail(built->output, kOutputTailLines), "  "));
  }
  return false;
}

// A learner file deleted by mistake would otherwise end in the compiler's "No such file".
bool LearnerFilesArePresent(const Session& session, const Chapter& chapter) {
  bool present = true;
  for (const auto& file : session.Kit().LearnerFiles(chapter)) {
    if (fs::exists(file)) continue;
    fmt::print(
        fmt::runtime(
            _("{} {} is missing. {} brings back the starting code (and keeps a copy of the rest "
              "of yours).\n")),
        session.Print().Bad("✗"), session.Shown(file),
        session.Print().Bold("./kit reset " + chapter.number));
    present = false;
  }
  return present;
}

// Grades the learner's test, or gives the last grade again when none of the programs it ran has
// changed since: saving the code the learner writes rebuilds none of them (they link the test
// with the solution, the starting code and the wrong turns), and running their tests again would
// take longer than the rest of the check.
GradeOrError GradeUnlessUnchanged(Session& session, const Chapter& chapter,
                                  const GradingSpec& grading) {
  auto stamp = chapter.number + "\n" + ProgramsStamp(grading);
  auto& last = session.LastGrade();
  if (last && last->stamp == stamp) return last->grade;
  auto grade = GradeTest(chapter, grading);
  last = Session::RememberedGrade{.stamp = std::move(stamp), .grade = grade};
  return grade;
}

}  // namespace

Verdict CheckChapter(Session& session, const Chapter& chapter, Sanitizer sanitizer,
                     bool full_output) {
  const Build build = BuildFor(sanitizer);
  if (!LearnerFilesArePresent(session, chapter)) return Verdict::kDidNotBuild;
  const auto files_hash = session.Kit().LearnerFilesHash(chapter);
  // The learner's test is graded in the plain build only: a sanitizer would find nothing a
  // failing assertion does not already show, and the wrong turns it meets are plain ones.
  std::optional<GradingSpec> grading;
  if (sanitizer == Sanitizer::kNone && !chapter.test_files.empty()) {
    auto spec = GradingFor(chapter, GradedTest::kLearners, session.Kit().Root(),
                           session.Kit().BuildDir(build.preset) / "chapters");
    if (!spec) {
      Fail(spec.error());
      return Verdict::kFailed;
    }
    grading = std::move(*spec);
  }
  if (!Configure(session, build) ||
      !BuildExercise(session, chapter, build, grading ? &*grading : nullptr, full_output)) {
    if (sanitizer == Sanitizer::kNone) {
      session.Saved().Record(chapter.number, files_hash, false);
      session.Saved().Save();
    }
    return Verdict::kDidNotBuild;
  }
  // The chapter's tests on the learner's code run while the learner's test is graded: separate
  // programs, and the verdict waits for the slower of the two.
  auto exercise = std::async(std::launch::async, [&] {
    return RunInLanes({.program = session.Kit().ExerciseProgram(chapter, build.preset),
                       .timeout_per_test = chapter.timeout * build.timeout_factor,
                       .hang_diagnosis = chapter.hang_diagnosis,
                       .environment = build.environment,
                       .gtest_filter = {}},
                      RunEveryTest, build.lanes);
  });
  std::optional<GradeOrError> grade;
  if (grading) grade = GradeUnlessUnchanged(session, chapter, *grading);
  const auto run = exercise.get();
  if (!run) {
    Fail(run.error());
    return Verdict::kFailed;
  }
  const GradeOrError* graded = grade ? &*grade : nullptr;
  const bool passed = ChapterPasses(*run, graded);
  // A green run under a sanitizer passed the same tests, and more: the chapter is done, unless
  // the learner also writes a test, which only the plain run grades. A red one leaves the
  // progress as the plain run left it.
  if (sanitizer == Sanitizer::kNone || (passed && chapter.test_files.empty())) {
    session.Saved().Record(chapter.number, files_hash, passed);
    session.Saved().Save();
  }
  fmt::print("{}", DescribeRun(session.Kit(), session.Print(), chapter, *run, build, graded));
  return passed ? Verdict::kPassed : Verdict::kFailed;
}

int RunCheck(Session& session, const Chapter& chapter, const CheckOptions& options) {
  fmt::print("{}\n", session.Print().Bold(fmt::format(fmt::runtime(_("chapter {}: {}")),
                                                      chapter.number, _(chapter.title))));
  const Verdict verdict = CheckChapter(session, chapter, options.sanitizer, options.full_output);
  return verdict == Verdict::kPassed ? 0 : 1;
}

}  // namespace kit
