#include "verdict.h"

#include <fmt/core.h>

#include <algorithm>
#include <thread>

#include "i18n.h"
#include "sanitizer_report.h"
#include "text.h"

namespace kit {

namespace {

namespace fs = std::filesystem;

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
                   const TestRun& run, const Build& build, const GradeOrError* grade) {
  const std::string under = build.sanitizer_name.empty()
                                ? ""
                                : fmt::format(fmt::runtime(_(", under {}")), build.sanitizer_name);
  std::string text = fmt::format(
      fmt::runtime(P_("{} chapter {} passes: its {} test{}. Well done!\n",
                      "{} chapter {} passes: all {} tests{}. Well done!\n", run.tests.size())),
      style.Good("✓"), chapter.number, run.tests.size(), under);
  if (grade != nullptr) {
    text += fmt::format(
        fmt::runtime(
            _("  Your test {}passes on the solution and catches all {} wrong turns it is graded "
              "against.\n")),
        (*grade)->on_start ? _("fails on the starting code, ") : "", (*grade)->turns.size());
  }
  text += fmt::format(fmt::runtime(_("  Compare your code with the solution: {}\n")),
                      style.Bold("./kit diff " + chapter.number));
  if (const Chapter* next = kit.Chapters().After(chapter)) {
    text += fmt::format(fmt::runtime(_("  Next: chapter {}, {}\n        read {}, then run {}\n")),
                        next->number, _(next->title), Shown(kit, LessonFile(kit, *next)),
                        style.Bold("./kit watch " + next->number));
  } else {
    text += _("  That was the last chapter: the whole kit is done.\n");
  }
  return text;
}

using Status = TestResult::Status;

std::string HangLine(const Style& style, const Chapter& chapter, const Build& build,
                     const std::string& test) {
  return fmt::format(
      fmt::runtime(_("{} {} hung: it did not finish within {} ms, so it was stopped.\n")),
      style.Bad("✗"), test, chapter.timeout.count() * build.timeout_factor);
}

// "  Your code: chapters/02-cancel/server.cpp:20, in operator()", when the report has a frame
// in a file the learner edits: the place to start reading.
std::string LearnerFrameLine(const Workspace& kit, const Chapter& chapter,
                             const std::string& report) {
  const auto frame = FirstLearnerFrame(WithShortPaths(report, kit.Root()), chapter.files);
  if (!frame) return "";
  const auto location = frame->rfind(' ');
  return fmt::format(fmt::runtime(_("  Your code: {}, in {}\n")), frame->substr(location + 1),
                     frame->substr(0, location));
}

std::string SanitizerFound(const Workspace& kit, const Style& style, const Chapter& chapter,
                           const std::string& report, const std::string& when) {
  return fmt::format(fmt::runtime(_("{} {} found a problem{}:\n{}\n{}\n")), style.Bad("✗"),
                     SanitizerName(report), when, LearnerFrameLine(kit, chapter, report),
                     Indented(WithShortPaths(report, kit.Root()), "  "));
}

// Under a crash that the test did not cause on its own (see TestResult::passes_on_its_own).
std::string OnItsOwn(const TestResult& test) {
  if (!test.passes_on_its_own) return "";
  return _(
      "  Run alone, this test passes: a thread an earlier test left running (a detached "
      "thread?) more likely caused it.\n");
}

// One test that did not pass, and why, as the learner reads it. The chapter's hang diagnosis
// is said once, under the first hang.
std::string FailedTest(const Workspace& kit, const Style& style, const Chapter& chapter,
                       const Build& build, const TestResult& test, bool& diagnosis_said) {
  const std::string name = style.Bold(test.name);
  switch (test.status) {
    case Status::kFailed: {
      std::string text = fmt::format("{} {}\n", style.Bad("✗"), name);
      for (const auto& failure : test.failures) {
        text += Indented(WithShortPaths(failure, kit.Root()), "    ");
      }
      if (!test.printed.empty()) {
        text += std::string(_("    It also printed:\n")) +
                Indented(WithShortPaths(test.printed, kit.Root()), "      ");
      }
      return text;
    }
    case Status::kHung: {
      std::string text = HangLine(style, chapter, build, name);
      if (!chapter.hang_diagnosis.empty() && !diagnosis_said) {
        text += fmt::format(fmt::runtime(_("  The usual cause in this chapter: {}\n")),
                            _(chapter.hang_diagnosis));
        diagnosis_said = true;
      }
      return text;
    }
    case Status::kCrashed: {
      std::string text = fmt::format(fmt::runtime(_("{} {} crashed with {}.\n")), style.Bad("✗"),
                                     name, SignalName(test.signal));
      if (!test.sanitizer_report.empty()) {
        text += fmt::format(fmt::runtime(_("  {} caught it:\n{}\n{}\n")),
                            SanitizerName(test.sanitizer_report),
                            LearnerFrameLine(kit, chapter, test.sanitizer_report),
                            Indented(WithShortPaths(test.sanitizer_report, kit.Root()), "  "));
      } else if (!test.printed.empty()) {
        text += _("  It printed:\n") + Indented(WithShortPaths(test.printed, kit.Root()), "    ");
      }
      return text + OnItsOwn(test);
    }
    case Status::kSanitizerReport:
      return SanitizerFound(kit, style, chapter, test.sanitizer_report,
                            fmt::format(fmt::runtime(_(" while {} was running")), name)) +
             OnItsOwn(test);
    case Status::kPassed:
    case Status::kSkipped:
      break;
  }
  return "";
}

// "3 of 5 tests of chapter 02 fail: 1 assertion, 2 hangs."
std::string Summary(const Chapter& chapter, const TestRun& run) {
  std::vector<std::string> kinds;
  const auto add = [&](Status status, PluralMessage message) {
    if (const auto count = run.CountWith(status); count > 0) {
      kinds.push_back(fmt::format(fmt::runtime(P_(message.one, message.many, count)), count));
    }
  };
  add(Status::kFailed, NP_("{} assertion", "{} assertions"));
  add(Status::kHung, NP_("{} hang", "{} hangs"));
  add(Status::kCrashed, NP_("{} crash", "{} crashes"));
  for (const auto& test : run.tests) {
    if (test.status != Status::kSanitizerReport) continue;
    kinds.push_back(
        fmt::format(fmt::runtime(_("1 {} report")), SanitizerName(test.sanitizer_report)));
  }
  std::size_t failing = 0;
  for (const auto& test : run.tests) {
    if (test.status == Status::kFailed || test.StoppedTheProgram()) ++failing;
  }
  return fmt::format(fmt::runtime(_("{} of {} tests of chapter {} fail: {}.\n")), failing,
                     run.tests.size(), chapter.number, Join(kinds, ", "));
}

// A run that stopped with no test to blame: before the first test, after the last (a leak
// report at exit), or in a way nobody can tell.
std::string StoppedOutsideTheTests(const Workspace& kit, const Style& style, const Chapter& chapter,
                                   const TestRun& run, const Build& build) {
  switch (run.outcome) {
    case TestRun::Outcome::kHung: {
      auto text = HangLine(style, chapter, build, _("a test"));
      if (!chapter.hang_diagnosis.empty()) {
        text += fmt::format(fmt::runtime(_("  The usual cause in this chapter: {}\n")),
                            _(chapter.hang_diagnosis));
      }
      return text;
    }
    case TestRun::Outcome::kCrashed:
      if (!run.sanitizer_report.empty()) {
        return SanitizerFound(
            kit, style, chapter, run.sanitizer_report,
            fmt::format(fmt::runtime(_(" outside the tests ({})")), SignalName(run.signal)));
      }
      return fmt::format(fmt::runtime(_("{} the tests crashed with {} outside any test:\n{}\n")),
                         style.Bad("✗"), SignalName(run.signal),
                         Indented(Tail(run.output, kOutputTailLines), "  "));
    case TestRun::Outcome::kSanitizerReport:
      return SanitizerFound(kit, style, chapter, run.sanitizer_report, _(" outside the tests"));
    default:
      return fmt::format(fmt::runtime(_("{} the tests stopped unexpectedly (exit code {}):\n{}\n")),
                         style.Bad("✗"), run.exit_code,
                         Indented(Tail(run.output, kOutputTailLines), "  "));
  }
}

// The line on a test that must be red first: how it did on the starting code.
std::string OnStartingCode(const Workspace& kit, const Style& style, const StartGrade& start) {
  using Verdict = StartGrade::Verdict;
  switch (start.verdict) {
    case Verdict::kRedForTheRightReason: {
      std::vector<std::string> failing;
      for (const auto& test : start.run.tests) {
        if (test.status == Status::kFailed) failing.push_back(test.name);
      }
      return fmt::format(
          fmt::runtime(_("  {} fails on the starting code first, by an assertion ({})\n")),
          style.Good("✓"), Join(failing, ", "));
    }
    case Verdict::kPasses:
      return fmt::format(fmt::runtime(_("  {} your test passes on the starting code: it does not "
                                        "fail before the code it drives "
                                        "exists, so it proves nothing yet\n")),
                         style.Bad("✗"));
    case Verdict::kWrongReason:
      return fmt::format(
          fmt::runtime(
              _("  {} your test fails on the starting code, but not by an assertion: {}\n")),
          style.Bad("✗"), WithShortPaths(start.how, kit.Root()));
    case Verdict::kDoesNotBuild:
      return fmt::format(
          fmt::runtime(
              _("  {} your test does not compile with the starting code, so it cannot fail there "
                "first:\n{}")),
          style.Bad("✗"), Indented(WithShortPaths(start.how, kit.Root()), "    "));
  }
  return "";
}

bool StoppedOutsideAnyTest(const TestRun& run) {
  return run.outcome != TestRun::Outcome::kAllPassed &&
         run.outcome != TestRun::Outcome::kTestsFailed &&
         std::ranges::none_of(run.tests, &TestResult::StoppedTheProgram);
}

// Every test that did not pass, in the order they ran, then one line that counts them.
std::string Failures(const Workspace& kit, const Style& style, const Chapter& chapter,
                     const TestRun& run, const Build& build) {
  std::string text;
  bool diagnosis_said = false;
  std::size_t failing = 0;
  for (const auto& test : run.tests) {
    const auto described = FailedTest(kit, style, chapter, build, test, diagnosis_said);
    if (!described.empty()) ++failing;
    text += described;
  }
  if (StoppedOutsideAnyTest(run) && run.outcome != TestRun::Outcome::kLeftProcessesBehind) {
    text += StoppedOutsideTheTests(kit, style, chapter, run, build);
  }
  if (run.processes_left_behind > 0) {
    // The singular has no place for the count; fmt ignores an argument nobody asks for.
    text += fmt::format(
        fmt::runtime(P_("{} the tests left a process running after they ended (does your code "
                        "fork, or start a program it never waits for?); the kit has ended it.\n",
                        "{} the tests left {} processes running after they ended (does your code "
                        "fork, or start a program it never waits for?); the kit has ended them.\n",
                        run.processes_left_behind)),
        style.Bad("✗"), run.processes_left_behind);
  }
  if (failing > 0) text += "\n" + Summary(chapter, run);
  return text;
}

}  // namespace

Build BuildFor(Sanitizer sanitizer) {
  switch (sanitizer) {
    case Sanitizer::kThread:
      return {.preset = "tsan",
              .sanitizer_name = "ThreadSanitizer",
              .environment = {{"TSAN_OPTIONS", "halt_on_error=1 second_deadlock_stack=1"}},
              .timeout_factor = 4,
              // Two lanes a core: a test under ThreadSanitizer computes much of the time it
              // used to wait, and sixteen of them on two cores delayed a client's hang-up past
              // the end of chapter 5's two-second statement, so tests meant to fail at the
              // start passed. Four held, with the other core busy, 4 rounds of chapters 4 and
              // 5's self-checks and lessons.
              .lanes = 2 * std::max<std::size_t>(1, std::thread::hardware_concurrency())};
    case Sanitizer::kAddress:
      return {.preset = "asan",
              .sanitizer_name = "AddressSanitizer",
              // As the asan test preset has it (CMakePresets.json): a thread writing into a
              // handler's frame after the handler returned is reported at the write, not later
              // as a crash nobody can explain.
              .environment = {{"ASAN_OPTIONS", "detect_leaks=1:detect_stack_use_after_return=1"},
                              {"UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1"}},
              .timeout_factor = 3,
              // One process for all the tests: AddressSanitizer reports a thread that outlives
              // its test when it touches what the test freed, which is during a later test.
              // In a lane of its own the program may end first, or abort in a mock's
              // destructor (chapter 2's detached fetching thread did both).
              .lanes = 1};
    case Sanitizer::kNone:
      break;
  }
  return {.preset = "dev",
          .sanitizer_name = "",
          .environment = {},
          .timeout_factor = 1,
          .lanes = kMaxLanes};
}

bool ChapterPasses(const TestRun& run, const GradeOrError* grade) {
  return run.outcome == TestRun::Outcome::kAllPassed &&
         (grade == nullptr || (grade->has_value() && (*grade)->Good()));
}

std::string DescribeRun(const Workspace& kit, const Style& style, const Chapter& chapter,
                        const TestRun& run, const Build& build, const GradeOrError* grade) {
  if (ChapterPasses(run, grade)) return Passed(kit, style, chapter, run, build, grade);
  std::string text;
  if (run.outcome == TestRun::Outcome::kAllPassed) {
    text = fmt::format(
        fmt::runtime(_("{} your code passes all {} tests of chapter {}; your test is not done:\n")),
        style.Good("✓"), run.tests.size(), chapter.number);
  } else {
    text = Failures(kit, style, chapter, run, build);
  }
  if (grade != nullptr) {
    text += "\n" +
            DescribeGrade(kit, style, chapter, *grade, _("Your test"), kit.LearnerFiles(chapter)) +
            "\n";
  }
  return text + HintOffer(kit, style, chapter) + "\n";
}

std::string DescribeGrade(const Workspace& kit, const Style& style, const Chapter& chapter,
                          const GradeOrError& grade, std::string_view whose,
                          const std::vector<fs::path>& test_files) {
  std::vector<std::string> shown;
  for (const auto& file : test_files) {
    if (file.filename().string().ends_with("_test.cpp")) shown.push_back(Shown(kit, file));
  }
  const auto heading = fmt::format("{} ({})", whose, Join(shown, ", "));
  if (!grade) return fmt::format("{} {}: {}\n", style.Bad("✗"), heading, grade.error());
  if (!grade->PassesOnSolution()) {
    std::string text = fmt::format(fmt::runtime(_("{} {} fails on correct code (the solution), so "
                                                  "it cannot yet tell right from wrong:\n")),
                                   style.Bad("✗"), heading);
    bool diagnosis_said = false;
    const Build plain = BuildFor(Sanitizer::kNone);
    for (const auto& test : grade->on_solution.tests) {
      text += Indented(FailedTest(kit, style, chapter, plain, test, diagnosis_said), "  ");
    }
    if (StoppedOutsideAnyTest(grade->on_solution)) {
      text +=
          Indented(StoppedOutsideTheTests(kit, style, chapter, grade->on_solution, plain), "  ");
    }
    return text;
  }
  std::string text = fmt::format(fmt::runtime(_("{} passes on the solution, and:\n")), heading);
  if (grade->on_start) text += OnStartingCode(kit, style, *grade->on_start);
  for (const auto& turn : grade->turns) {
    if (turn.caught) {
      text += fmt::format(fmt::runtime(_("  {} catches {}\n")), style.Good("✓"),
                          _(turn.turn.description));
    } else {
      text += fmt::format(fmt::runtime(_("  {} your test lets this through: {}\n")), style.Bad("✗"),
                          _(turn.turn.description));
    }
  }
  std::vector<std::string> let_through;
  for (const auto& turn : grade->turns) {
    if (!turn.caught) let_through.push_back(turn.turn.slug);
  }
  if (let_through.size() == 1) {
    text += style.Dim(fmt::format(fmt::runtime(_("  To see its code: ./kit show-wrong {} {}")),
                                  chapter.number, let_through.front())) +
            "\n";
  } else if (!let_through.empty()) {
    const std::vector<std::string> others(let_through.begin() + 1, let_through.end());
    text += style.Dim(
                fmt::format(fmt::runtime(_("  To see their code: ./kit show-wrong {} {} (and {})")),
                            chapter.number, let_through.front(), Join(others, ", "))) +
            "\n";
  }
  return text;
}

std::string HintOffer(const Workspace& kit, const Style& style, const Chapter& chapter) {
  return fmt::format(fmt::runtime(_("Stuck? {} shows a hint. The lesson: {}")),
                     style.Bold("./kit hint " + chapter.number),
                     Shown(kit, LessonFile(kit, chapter)));
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
