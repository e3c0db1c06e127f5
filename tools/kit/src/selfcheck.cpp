#include "selfcheck.h"

#include <algorithm>

namespace kit {

namespace {

std::string FirstLine(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

std::string FirstLine(const std::vector<std::string>& failures) {
  return failures.empty() ? "" : FirstLine(failures.front());
}

// "file:line: Failure" and the line after it, which says what failed.
std::string FirstFailureSummary(const TestResult& test) {
  if (test.failures.empty()) return "";
  const std::string& failure = test.failures.front();
  const auto first_end = failure.find('\n');
  if (first_end == std::string::npos) return failure;
  return failure.substr(0, first_end) + " " + FirstLine(failure.substr(first_end + 1));
}

// A run that ended early says nothing reliable about the tests after it. `what` is the code that
// ran: "the exercise", "right/async-poll".
std::vector<std::string> RunDidNotFinish(const Chapter& chapter, const TestRun& run,
                                         const std::string& what, const std::string& must) {
  const std::string prefix = "chapter " + chapter.number + ": ";
  const std::string test = run.running_test.empty() ? "a test" : run.running_test;
  switch (run.outcome) {
    case TestRun::Outcome::kHung:
      return {prefix + test + " hung with " + what + " (stopped after " +
              std::to_string(chapter.timeout.count()) + " ms); " + must};
    case TestRun::Outcome::kCrashed:
      return {prefix + what + " crashed with " + SignalName(run.signal) + " while " + test +
              " was running; " + must};
    case TestRun::Outcome::kSanitizerReport:
      return {prefix + "a sanitizer stopped " + what + ":\n" + run.sanitizer_report};
    case TestRun::Outcome::kLeftProcessesBehind:
      return {prefix + what + " left " + std::to_string(run.processes_left_behind) +
              " process(es) running after its tests ended; " + must};
    default:
      return {prefix + what + " ran no tests (exit code " + std::to_string(run.exit_code) + "):\n" +
              run.output};
  }
}

}  // namespace

std::vector<std::string> SelfCheckProblems(const Chapter& chapter, const TestRun& run) {
  using Outcome = TestRun::Outcome;
  using Status = TestResult::Status;
  if (run.outcome != Outcome::kAllPassed && run.outcome != Outcome::kTestsFailed) {
    return RunDidNotFinish(chapter, run, "the exercise",
                           "a test expected to fail must fail by an assertion, never by hanging "
                           "or crashing");
  }
  const std::string prefix = "chapter " + chapter.number + ": ";
  std::vector<std::string> problems;
  for (const auto& name : chapter.failing_at_start) {
    const TestResult* test = run.Find(name);
    if (test == nullptr) {
      problems.push_back(prefix + name +
                         " is listed in failing_at_start but did not run — renamed or removed?");
    } else if (test->status == Status::kPassed) {
      problems.push_back(prefix + name +
                         " was expected to fail at the start but passed — was the exercise "
                         "solved by accident?");
    } else if (test->status == Status::kSkipped) {
      problems.push_back(prefix + name + " was expected to fail at the start but was skipped");
    }
  }
  for (const auto& test : run.tests) {
    if (std::ranges::find(chapter.failing_at_start, test.name) != chapter.failing_at_start.end()) {
      continue;
    }
    if (test.status == Status::kFailed) {
      problems.push_back(
          prefix + test.name +
          " fails at the start but is not listed in failing_at_start: " + FirstLine(test.failures));
    } else if (test.status == Status::kSkipped) {
      problems.push_back(prefix + test.name + " was skipped; every test must run");
    }
  }
  return problems;
}

std::string HowRejected(const TestRun& run) {
  std::string how;
  for (const auto& test : run.tests) {
    if (test.status != TestResult::Status::kFailed) continue;
    how += (how.empty() ? "" : "; ") + test.name + " fails: " + FirstFailureSummary(test);
  }
  const auto then = [&](const std::string& what) {
    return how.empty() ? what : how + "; " + what;
  };
  switch (run.outcome) {
    case TestRun::Outcome::kHung:
      return then(run.running_test + " hung");
    case TestRun::Outcome::kCrashed:
      return then("then it crashed with " + SignalName(run.signal));
    case TestRun::Outcome::kSanitizerReport:
      return then("a sanitizer reported: " + FirstLine(run.sanitizer_report));
    default:
      return how;
  }
}

std::vector<std::string> TurnProblems(const Chapter& chapter, const Turn& turn, const TestRun& run,
                                      BuildKind build) {
  using Outcome = TestRun::Outcome;
  const std::string what = turn.Label() + " (" + turn.description + ")";
  const std::string prefix = "chapter " + chapter.number + ": " + what;
  if (turn.kind == Turn::Kind::kRight) {
    switch (run.outcome) {
      case Outcome::kAllPassed:
        return {};
      case Outcome::kTestsFailed:
        return {prefix + " is a correct design, yet the tests reject it: " + HowRejected(run)};
      default:
        return RunDidNotFinish(chapter, run, what, "a right turn must pass every test");
    }
  }
  switch (run.outcome) {
    case Outcome::kTestsFailed:
      return {};
    case Outcome::kCrashed:
      // A wrong turn with undefined behaviour may crash after a test already rejected it by an
      // assertion: that rejection stands. A crash before any assertion failed proves nothing.
      if (run.CountWith(TestResult::Status::kFailed) > 0) return {};
      break;
    case Outcome::kHung:
      if (!run.running_test.empty()) return {};
      return {prefix + " hung, but no test was named: a wrong turn's hang must name its test"};
    case Outcome::kSanitizerReport:
      if (build != BuildKind::kPlain) return {};
      return {prefix + " was stopped by a sanitizer in a plain build"};
    case Outcome::kAllPassed:
      return {prefix + " passes every test of the chapter in the " + std::string(Name(build)) +
              " run: a test must reject it"};
    case Outcome::kLeftProcessesBehind:
    case Outcome::kOtherFailure:
      break;
  }
  return RunDidNotFinish(chapter, run, what,
                         "a wrong turn must be rejected by an assertion, a named hang or a "
                         "sanitizer's report, never by a crash");
}

}  // namespace kit
