#include "verdict.h"

#include <fmt/core.h>

#include "text.h"

namespace kit {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kOutputTailLines = 15;

std::string Shown(const Workspace& kit, const fs::path& path) {
  return path.lexically_relative(kit.Root()).string();
}

// GoogleTest names files by their absolute path; the learner's editor wants them from the root.
std::string WithShortPaths(std::string text, const fs::path& root) {
  const auto prefix = root.string() + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

std::string Passed(const Workspace& kit, const Style& style, const Chapter& chapter,
                   const TestRun& run, const Build& build) {
  const std::string under = build.sanitizer_name.empty() ? "" : ", under " + build.sanitizer_name;
  std::string text = fmt::format("{} chapter {} passes: all {} tests{}. Well done!\n",
                                 style.Good("✓"), chapter.number, run.tests.size(), under);
  text += fmt::format("  Compare your code with the solution: {}\n",
                      style.Bold("./kit diff " + chapter.number));
  if (const Chapter* next = kit.Chapters().After(chapter)) {
    text += fmt::format("  Next: chapter {}, {}\n        read {}, then run {}\n", next->number,
                        next->title, Shown(kit, kit.ExerciseDir(*next) / "README.md"),
                        style.Bold("./kit watch " + next->number));
  } else {
    text += "  That was the last chapter: the whole kit is done.\n";
  }
  return text;
}

std::string Failures(const Workspace& kit, const Style& style, const Chapter& chapter,
                     const TestRun& run) {
  std::string text;
  for (const auto& test : run.tests) {
    if (test.status != TestResult::Status::kFailed) continue;
    text += fmt::format("{} {}\n", style.Bad("✗"), style.Bold(test.name));
    for (const auto& failure : test.failures) {
      text += Indented(WithShortPaths(failure, kit.Root()), "    ");
    }
  }
  const auto failed = run.CountWith(TestResult::Status::kFailed);
  text += fmt::format("\n{} of {} tests of chapter {} fail.\n", failed, run.tests.size(),
                      chapter.number);
  return text;
}

std::string Stopped(const Workspace& kit, const Style& style, const Chapter& chapter,
                    const TestRun& run, const Build& build) {
  const std::string test = run.running_test.empty() ? "a test" : style.Bold(run.running_test);
  switch (run.outcome) {
    case TestRun::Outcome::kHung: {
      auto text = fmt::format("{} {} hung: it did not finish within {} ms, so it was stopped.\n",
                              style.Bad("✗"), test, chapter.timeout.count() * build.timeout_factor);
      if (!chapter.hang_diagnosis.empty()) {
        text += fmt::format("  The usual cause in this chapter: {}\n", chapter.hang_diagnosis);
      }
      return text;
    }
    case TestRun::Outcome::kCrashed:
      return fmt::format("{} the tests crashed with {} while {} was running.\n", style.Bad("✗"),
                         SignalName(run.signal), test);
    case TestRun::Outcome::kSanitizerReport:
      return fmt::format("{} {} found a problem{}:\n\n{}\n", style.Bad("✗"),
                         build.sanitizer_name.empty() ? "a sanitizer" : build.sanitizer_name,
                         run.running_test.empty() ? "" : " while " + test + " was running",
                         Indented(WithShortPaths(run.sanitizer_report, kit.Root()), "  "));
    default:
      return fmt::format("{} the tests stopped unexpectedly (exit code {}):\n{}\n", style.Bad("✗"),
                         run.exit_code, Indented(Tail(run.output, kOutputTailLines), "  "));
  }
}

}  // namespace

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
              // As the asan test preset has it (CMakePresets.json): a thread writing into a
              // handler's frame after the handler returned is reported at the write, not later
              // as a crash nobody can explain.
              .environment = {{"ASAN_OPTIONS", "detect_leaks=1:detect_stack_use_after_return=1"},
                              {"UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1"}},
              .timeout_factor = 3};
    case Sanitizer::kNone:
      break;
  }
  return {.preset = "dev", .sanitizer_name = "", .environment = {}, .timeout_factor = 1};
}

std::string DescribeRun(const Workspace& kit, const Style& style, const Chapter& chapter,
                        const TestRun& run, const Build& build) {
  if (run.outcome == TestRun::Outcome::kAllPassed) {
    return Passed(kit, style, chapter, run, build);
  }
  std::string text = run.outcome == TestRun::Outcome::kTestsFailed
                         ? Failures(kit, style, chapter, run)
                         : Stopped(kit, style, chapter, run, build);
  return text + HintOffer(kit, style, chapter) + "\n";
}

std::string HintOffer(const Workspace& kit, const Style& style, const Chapter& chapter) {
  return fmt::format("Stuck? {} shows a hint. The lesson: {}",
                     style.Bold("./kit hint " + chapter.number),
                     Shown(kit, kit.ExerciseDir(chapter) / "README.md"));
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

}  // namespace kit
