#include <fmt/core.h>

#include <algorithm>

#include "check.h"
#include "compiler_errors.h"
#include "process.h"
#include "test_run.h"
#include "text.h"

namespace kit {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kOutputTailLines = 15;

struct Build {
  std::string preset;  // a CMake preset, and the folder in build/
  std::string sanitizer_name;
  std::vector<std::pair<std::string, std::string>> environment;
  int timeout_factor = 1;  // sanitizers make everything several times slower
};

Build BuildFor(Sanitizer sanitizer) {
  switch (sanitizer) {
    case Sanitizer::kThread:
      return {.preset = "tsan",
              .sanitizer_name = "ThreadSanitizer",
              .environment = {{"TSAN_OPTIONS", "halt_on_error=1 second_deadlock_stack=1"}},
              .timeout_factor = 4};
    case Sanitizer::kAddress:
      return {.preset = "asan",
              .sanitizer_name = "AddressSanitizer",
              .environment = {{"ASAN_OPTIONS", "detect_leaks=1"},
                              {"UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1"}},
              .timeout_factor = 3};
    case Sanitizer::kNone:
      break;
  }
  return {.preset = "dev", .sanitizer_name = "", .environment = {}, .timeout_factor = 1};
}

std::string Tail(std::string_view output, std::size_t count) {
  const auto lines = Lines(output);
  const auto first = lines.size() > count ? lines.end() - static_cast<long>(count) : lines.begin();
  std::vector<std::string> tail(first, lines.end());
  return Join(tail, "\n");
}

std::string Indented(std::string_view text, std::string_view indent) {
  std::string out;
  for (const auto line : Lines(text)) out += std::string(indent) + std::string(line) + "\n";
  return out;
}

// GoogleTest names files by their absolute path; the learner's editor wants them from the root.
std::string WithShortPaths(std::string text, const fs::path& root) {
  const auto prefix = root.string() + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

bool Configure(const Session& session, const Build& build) {
  const auto& kit = session.Kit();
  if (fs::exists(kit.BuildDir(build.preset) / "CMakeCache.txt")) return true;
  fmt::print("{}\n", session.Print().Dim("configuring the " + build.preset +
                                         " build tree (only the first time)..."));
  const auto configured = RunProcess({.argv = {"cmake", "--preset", build.preset},
                                      .environment = {},
                                      .working_directory = kit.Root(),
                                      .pipe_stdin = false});
  if (configured && configured->status.Succeeded()) return true;
  fmt::print("{}\n{}\n", session.Print().Bad("configuring the " + build.preset + " build failed:"),
             configured ? Tail(configured->output, kOutputTailLines) : configured.error());
  return false;
}

bool BuildExercise(const Session& session, const Chapter& chapter, const Build& build) {
  const auto& kit = session.Kit();
  const auto built = RunProcess({.argv = {"cmake", "--build", kit.BuildDir(build.preset).string(),
                                          "--target", chapter.ExerciseTarget()},
                                 .environment = {},
                                 .working_directory = kit.Root(),
                                 .pipe_stdin = false});
  if (built && built->status.Succeeded()) return true;
  const auto& style = session.Print();
  if (!built) {
    fmt::print("{} {}\n", style.Bad("✗ could not run the build:"), built.error());
    return false;
  }
  if (const auto error = FindFirstError(built->output, kit.Root())) {
    fmt::print("{} chapter {} does not compile. The first error:\n\n{}\n", style.Bad("✗"),
               chapter.number, Indented(error->text, "  "));
    if (error->more_errors > 0) {
      fmt::print("{}\n", style.Dim(fmt::format("  (and {} more; fixing the first often fixes them)",
                                               error->more_errors)));
    }
  } else {
    fmt::print("{} the build failed:\n{}\n", style.Bad("✗"),
               Indented(Tail(built->output, kOutputTailLines), "  "));
  }
  return false;
}

void PrintPassed(const Session& session, const Chapter& chapter, const TestRun& run,
                 const Build& build) {
  const auto& style = session.Print();
  const std::string under = build.sanitizer_name.empty() ? "" : ", under " + build.sanitizer_name;
  fmt::print("{} chapter {} passes: all {} tests{}. Well done!\n", style.Good("✓"), chapter.number,
             run.tests.size(), under);
  fmt::print("  Compare your code with the solution: {}\n",
             style.Bold("./kit diff " + chapter.number));
  const auto& kit = session.Kit();
  if (const Chapter* next = kit.Chapters().After(chapter)) {
    fmt::print("  Next: chapter {}, {}\n        read {}, then run {}\n", next->number, next->title,
               session.Shown(kit.ExerciseDir(*next) / "README.md"),
               style.Bold("./kit watch " + next->number));
  } else {
    fmt::print("  That was the last chapter: the whole kit is done.\n");
  }
}

void PrintFailures(const Session& session, const Chapter& chapter, const TestRun& run) {
  const auto& style = session.Print();
  const auto root = session.Kit().Root();
  for (const auto& test : run.tests) {
    if (test.status != TestResult::Status::kFailed) continue;
    fmt::print("{} {}\n", style.Bad("✗"), style.Bold(test.name));
    for (const auto& failure : test.failures) {
      fmt::print("{}", Indented(WithShortPaths(failure, root), "    "));
    }
  }
  const auto failed = run.CountWith(TestResult::Status::kFailed);
  fmt::print("\n{} of {} tests of chapter {} fail.\n", failed, run.tests.size(), chapter.number);
}

void PrintStopped(const Session& session, const Chapter& chapter, const TestRun& run,
                  const Build& build) {
  const auto& style = session.Print();
  const auto root = session.Kit().Root();
  const std::string test = run.running_test.empty() ? "a test" : style.Bold(run.running_test);
  switch (run.outcome) {
    case TestRun::Outcome::kHung:
      fmt::print("{} {} hung: it did not finish within {} ms, so it was stopped.\n", style.Bad("✗"),
                 test, chapter.timeout.count() * build.timeout_factor);
      if (!chapter.hang_diagnosis.empty()) {
        fmt::print("  The usual cause in this chapter: {}\n", chapter.hang_diagnosis);
      }
      break;
    case TestRun::Outcome::kCrashed:
      fmt::print("{} the tests crashed with {} while {} was running.\n", style.Bad("✗"),
                 SignalName(run.signal), test);
      break;
    case TestRun::Outcome::kSanitizerReport:
      fmt::print("{} {} found a problem{}:\n\n{}\n", style.Bad("✗"),
                 build.sanitizer_name.empty() ? "a sanitizer" : build.sanitizer_name,
                 run.running_test.empty() ? "" : " while " + test + " was running",
                 Indented(WithShortPaths(run.sanitizer_report, root), "  "));
      break;
    default:
      fmt::print("{} the tests stopped unexpectedly (exit code {}):\n{}\n", style.Bad("✗"),
                 run.exit_code, Indented(Tail(run.output, kOutputTailLines), "  "));
  }
}

}  // namespace

std::string HintOffer(const Session& session, const Chapter& chapter) {
  const auto& style = session.Print();
  return fmt::format("Stuck? {} shows a hint. The lesson: {}",
                     style.Bold("./kit hint " + chapter.number),
                     session.Shown(session.Kit().ExerciseDir(chapter) / "README.md"));
}

Verdict CheckChapter(Session& session, const Chapter& chapter, Sanitizer sanitizer) {
  const Build build = BuildFor(sanitizer);
  const auto files_hash = session.Kit().LearnerFilesHash(chapter);
  if (!Configure(session, build) || !BuildExercise(session, chapter, build)) {
    if (sanitizer == Sanitizer::kNone) {
      session.Saved().Record(chapter.number, files_hash, false);
      session.Saved().Save();
    }
    return Verdict::kDidNotBuild;
  }
  const auto run = RunTests({.program = session.Kit().ExerciseProgram(chapter, build.preset),
                             .timeout_per_test = chapter.timeout * build.timeout_factor,
                             .hang_diagnosis = chapter.hang_diagnosis,
                             .environment = build.environment});
  if (!run) {
    Fail(run.error());
    return Verdict::kFailed;
  }
  const bool passed = run->outcome == TestRun::Outcome::kAllPassed;
  if (sanitizer == Sanitizer::kNone) {
    session.Saved().Record(chapter.number, files_hash, passed);
    session.Saved().Save();
  }
  if (passed) {
    PrintPassed(session, chapter, *run, build);
    return Verdict::kPassed;
  }
  if (run->outcome == TestRun::Outcome::kTestsFailed) {
    PrintFailures(session, chapter, *run);
  } else {
    PrintStopped(session, chapter, *run, build);
  }
  fmt::print("{}\n", HintOffer(session, chapter));
  return Verdict::kFailed;
}

int RunCheck(const GlobalOptions& global, const CheckOptions& options) {
  auto session = Session::Open(global);
  if (!session) return Fail(session.error());
  const auto chapter = session->Resolve(options.chapter);
  if (!chapter) return Fail(chapter.error());
  fmt::print("{}\n", session->Print().Bold(
                         fmt::format("chapter {}: {}", (*chapter)->number, (*chapter)->title)));
  return CheckChapter(*session, **chapter, options.sanitizer) == Verdict::kPassed ? 0 : 1;
}

}  // namespace kit
