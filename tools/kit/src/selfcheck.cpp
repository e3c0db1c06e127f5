#include "selfcheck.h"

#include <algorithm>

namespace kit {

namespace {

std::string FirstLine(const std::vector<std::string>& failures) {
  if (failures.empty()) return "";
  const auto& text = failures.front();
  return text.substr(0, text.find('\n'));
}

// A run that ended early says nothing reliable about the tests after it.
std::vector<std::string> RunDidNotFinish(const Chapter& chapter, const TestRun& run) {
  const std::string prefix = "chapter " + chapter.number + ": ";
  const std::string test = run.running_test.empty() ? "a test" : run.running_test;
  switch (run.outcome) {
    case TestRun::Outcome::kHung:
      return {prefix + test + " hung (stopped after " + std::to_string(chapter.timeout.count()) +
              " ms); a test expected to fail must fail by an assertion, never by hanging"};
    case TestRun::Outcome::kCrashed:
      return {prefix + "the exercise crashed with " + SignalName(run.signal) + " while " + test +
              " was running; a test expected to fail must fail by an assertion"};
    case TestRun::Outcome::kSanitizerReport:
      return {prefix + "a sanitizer stopped the exercise:\n" + run.sanitizer_report};
    default:
      return {prefix + "the exercise ran no tests (exit code " + std::to_string(run.exit_code) +
              "):\n" + run.output};
  }
}

}  // namespace

std::vector<std::string> SelfCheckProblems(const Chapter& chapter, const TestRun& run) {
  using Outcome = TestRun::Outcome;
  using Status = TestResult::Status;
  if (run.outcome != Outcome::kAllPassed && run.outcome != Outcome::kTestsFailed) {
    return RunDidNotFinish(chapter, run);
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

}  // namespace kit
