#include "test_run.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <csignal>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sanitizer_report.h"
#include "test_list.h"
#include "text.h"

namespace kit {

namespace {

using Status = TestResult::Status;

// What GoogleTest's own progress lines say, for the runs that end before its JSON report is
// written: who was running when a hang or crash stopped everything, and who had finished.
struct ConsoleLog {
  std::vector<TestResult> finished;
  std::string running;
  std::string hang_line;
  std::vector<std::string> printed_by_running;  // what the running test printed so far
  std::string reported_in;  // the test that was running when a sanitizer's report began
};

struct TestEndLine {
  std::string_view name;
  Status status;
};

// "[       OK ] Suite.Test (12 ms)" and its FAILED and SKIPPED siblings. The summary at the end
// repeats "[  FAILED  ] Suite.Test" without a time: the caller only accepts the running test.
std::optional<TestEndLine> TestEnd(std::string_view line) {
  static constexpr std::array<std::pair<std::string_view, Status>, 3> kMarkers{{
      {"[       OK ] ", Status::kPassed},
      {"[  FAILED  ] ", Status::kFailed},
      {"[  SKIPPED ] ", Status::kSkipped},
  }};
  for (const auto& [marker, status] : kMarkers) {
    if (const auto rest = AfterPrefix(line, marker)) {
      const auto time = rest->find(" (");
      if (time == std::string_view::npos) return std::nullopt;
      return TestEndLine{.name = rest->substr(0, time), .status = status};
    }
  }
  return std::nullopt;
}

ConsoleLog ReadConsole(std::string_view output) {
  ConsoleLog log;
  for (const auto line : Lines(output)) {
    if (const auto name = AfterPrefix(line, "[ RUN      ] ")) {
      log.running = std::string(*name);
      log.printed_by_running.clear();
      continue;
    }
    if (const auto ended = TestEnd(line); ended && ended->name == log.running) {
      TestResult result;
      result.name = log.running;
      result.status = ended->status;
      if (ended->status == Status::kFailed) {
        result.failures.push_back(Join(log.printed_by_running, "\n"));
      }
      result.printed = Join(log.printed_by_running, "\n");  // sorted out by KeepWhatFailuresPrinted
      log.finished.push_back(std::move(result));
      log.running.clear();
      log.printed_by_running.clear();
      continue;
    }
    if (const auto hang = AfterPrefix(line, "[  HANG    ] ")) {
      log.hang_line = std::string(*hang);
      log.running = std::string(hang->substr(0, hang->find(' ')));
      continue;
    }
    if (log.reported_in.empty() && !log.running.empty() && IsSanitizerHeadline(line)) {
      log.reported_in = log.running;
    }
    if (!log.running.empty()) log.printed_by_running.emplace_back(line);
  }
  return log;
}

constexpr std::size_t kPrintedLinesKept = 8;

std::string LastLines(const std::vector<std::string>& lines, std::size_t count) {
  const auto first = lines.size() > count ? lines.end() - static_cast<long>(count) : lines.begin();
  return Join(std::vector<std::string>(first, lines.end()), "\n");
}

// What a failing test printed beside GoogleTest's own account of its failures (the learner's
// log lines: "audit: entry lost (context canceled)"), its last lines; nothing for the others.
void KeepWhatFailuresPrinted(std::vector<TestResult>& tests, const ConsoleLog& console) {
  for (auto& test : tests) {
    const auto on_console = std::ranges::find(console.finished, test.name, &TestResult::name);
    if (test.status != Status::kFailed || on_console == console.finished.end()) {
      test.printed.clear();
      continue;
    }
    std::set<std::string_view> googletests;
    for (const auto& failure : test.failures) {
      for (const auto line : Lines(failure)) googletests.insert(TrimRight(line));
    }
    std::vector<std::string> own;
    for (const auto line : Lines(on_console->printed)) {
      const auto trimmed = TrimRight(line);
      if (trimmed.empty() || trimmed.ends_with(": Failure") || googletests.contains(trimmed)) {
        continue;
      }
      own.emplace_back(trimmed);
    }
    test.printed = LastLines(own, kPrintedLinesKept);
  }
}

// The test that stopped the program, as one of the run's tests: the one GoogleTest's report
// already lists (a sanitizer that let the test go on), or a new one at the end.
void RecordTheStop(TestRun& run, const ConsoleLog& console) {
  using Outcome = TestRun::Outcome;
  Status status = Status::kPassed;
  std::string name = run.running_test;
  switch (run.outcome) {
    case Outcome::kHung:
      status = Status::kHung;
      break;
    case Outcome::kCrashed:
      status = Status::kCrashed;
      break;
    case Outcome::kSanitizerReport:
      status = Status::kSanitizerReport;
      if (!console.reported_in.empty()) name = console.reported_in;
      break;
    default:
      return;
  }
  if (name.empty()) return;  // before the first test or after the last: nobody to name
  auto found = std::ranges::find(run.tests, name, &TestResult::name);
  TestResult& stopped = found != run.tests.end() ? *found : run.tests.emplace_back();
  stopped.name = name;
  stopped.status = status;
  stopped.hang_line = run.hang_line;
  stopped.signal = run.signal;
  stopped.sanitizer_report = run.sanitizer_report;
  if (status == Status::kCrashed && run.sanitizer_report.empty()) {
    stopped.printed = LastLines(console.printed_by_running, kPrintedLinesKept);
  }
  run.running_test = name;
}

// A GoogleTest filter that runs what `filter` runs, except the tests in `excluded`.
std::string Excluding(const std::string& filter, const std::vector<std::string>& excluded) {
  const std::string names = Join(excluded, ":");
  if (filter.empty()) return "-" + names;
  return filter + (filter.find('-') == std::string::npos ? "-" : ":") + names;
}

// GoogleTest's report gives a test's time as "2.011s".
std::chrono::milliseconds SecondsToMs(const std::string& text) {
  double seconds = 0;
  std::from_chars(text.data(), text.data() + text.size(), seconds);
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// GoogleTest's --gtest_output=json report: the tests and their assertion messages.
std::optional<std::vector<TestResult>> ReadJsonReport(const std::string& text) {
  const auto report = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded() || !report.contains("testsuites")) return std::nullopt;
  std::vector<TestResult> tests;
  for (const auto& suite : report["testsuites"]) {
    for (const auto& test : suite.value("testsuite", nlohmann::json::array())) {
      if (test.value("status", "") != "RUN") continue;  // a DISABLED_ test
      TestResult result;
      result.name = suite.value("name", "") + "." + test.value("name", "");
      result.took = SecondsToMs(test.value("time", ""));
      for (const auto& failure : test.value("failures", nlohmann::json::array())) {
        result.failures.push_back(failure.value("failure", ""));
      }
      if (!result.failures.empty()) {
        result.status = Status::kFailed;
      } else if (test.value("result", "") == "SKIPPED") {
        result.status = Status::kSkipped;
      }
      tests.push_back(std::move(result));
    }
  }
  return tests;
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Under a sanitizer a crash does not kill the program with its signal: the sanitizer catches it,
// prints "...Sanitizer:DEADLYSIGNAL" and a report ("SEGV on unknown address"), and exits.
// Returns that signal, or 0 when the report is about something else.
int DeadlySignalIn(std::string_view output) {
  if (output.find("Sanitizer:DEADLYSIGNAL") == std::string_view::npos) return 0;
  constexpr std::array<std::pair<std::string_view, int>, 5> kSignals{{
      {": SEGV on", SIGSEGV},
      {": BUS on", SIGBUS},
      {": FPE on", SIGFPE},
      {": ILL on", SIGILL},
      {": ABRT on", SIGABRT},
  }};
  for (const auto& [words, signal] : kSignals) {
    if (output.find(words) != std::string_view::npos) return signal;
  }
  return 0;
}

}  // namespace

bool TestResult::StoppedTheProgram() const {
  return status == Status::kHung || status == Status::kCrashed ||
         status == Status::kSanitizerReport;
}

std::size_t TestRun::CountWith(TestResult::Status status) const {
  return static_cast<std::size_t>(std::ranges::count(tests, status, &TestResult::status));
}

const TestResult* TestRun::Find(std::string_view name) const {
  const auto found = std::ranges::find(tests, name, &TestResult::name);
  return found == tests.end() ? nullptr : &*found;
}

TestRun InterpretRun(const ProcessResult& process, std::optional<std::string> json_report) {
  TestRun run;
  run.output = process.output;
  run.exit_code = process.status.exit_code;
  run.signal = process.status.signal;
  run.processes_left_behind = process.processes_left_behind;

  auto console = ReadConsole(process.output);
  auto from_json = json_report ? ReadJsonReport(*json_report) : std::nullopt;
  run.tests = from_json ? std::move(*from_json) : console.finished;
  KeepWhatFailuresPrinted(run.tests, console);
  run.running_test = console.running;
  run.hang_line = console.hang_line;

  using Outcome = TestRun::Outcome;
  if (const int signal = DeadlySignalIn(process.output); signal != 0) {
    run.signal = signal;
    run.sanitizer_report = FirstSanitizerReport(process.output).value_or("");
    run.outcome = Outcome::kCrashed;
  } else if (auto report = FirstSanitizerReport(process.output)) {
    run.sanitizer_report = std::move(*report);
    run.outcome = Outcome::kSanitizerReport;
  } else if (!run.hang_line.empty() || process.stopped_for_silence ||
             (process.status.exit_code == kHangExitCode && !from_json)) {
    run.outcome = Outcome::kHung;
  } else if (process.status.signal != 0) {
    run.outcome = Outcome::kCrashed;
  } else if (run.CountWith(Status::kFailed) > 0) {
    run.outcome = Outcome::kTestsFailed;
  } else if (process.status.Succeeded() && !run.tests.empty()) {
    run.outcome =
        process.processes_left_behind > 0 ? Outcome::kLeftProcessesBehind : Outcome::kAllPassed;
  } else {
    run.outcome = Outcome::kOtherFailure;
  }
  RecordTheStop(run, console);
  return run;
}

std::expected<TestRun, std::string> RunTests(const TestRunSpec& spec) {
  const auto json_path = TemporaryReportPath(spec.program, "report");

  ProcessSpec process{
      .argv = {spec.program.string(), "--gtest_output=json:" + json_path.string(),
               "--gtest_color=no"},
      .environment = spec.environment,
      .working_directory = {},
      .pipe_stdin = false,
  };
  if (!spec.gtest_filter.empty()) process.argv.push_back("--gtest_filter=" + spec.gtest_filter);
  process.environment.emplace_back("CANCELKIT_TEST_TIMEOUT_MS",
                                   std::to_string(spec.timeout_per_test.count()));
  if (!spec.hang_diagnosis.empty()) {
    process.environment.emplace_back("CANCELKIT_HANG_DIAGNOSIS", spec.hang_diagnosis);
  }
  const auto silence_limit = 2 * spec.timeout_per_test + std::chrono::seconds(5);
  // In a group of its own: what the learner's code forks is found, and ended, with it.
  auto finished = RunProcess(process, silence_limit, ProcessGroup::kOwn);
  if (!finished) return std::unexpected(finished.error());

  std::optional<std::string> json_report;
  if (std::filesystem::exists(json_path)) {
    json_report = ReadWholeFile(json_path);
    std::filesystem::remove(json_path);
  }
  return InterpretRun(*finished, std::move(json_report));
}

namespace {

// A crash is blamed on the test that was running, yet a thread an earlier test left behind (a
// detached one, say) may be what crashed. When other tests ran before it in the same program,
// the test runs again alone: if it passes then, `passes_on_its_own` says so.
void TryAlone(const TestRunSpec& spec, const TestRun& run, TestResult& stopped) {
  const bool crashed =
      stopped.status == Status::kCrashed || stopped.status == Status::kSanitizerReport;
  if (!crashed || run.tests.size() < 2) return;
  TestRunSpec alone = spec;
  alone.gtest_filter = stopped.name;
  const auto ran = RunTests(alone);
  stopped.passes_on_its_own = ran && ran->outcome == TestRun::Outcome::kAllPassed;
}

}  // namespace

std::expected<TestRun, std::string> RunEveryTest(const TestRunSpec& spec) {
  auto whole = RunTests(spec);
  if (!whole) return whole;
  // The watchdog ends the program at a hang (the hung test still holds its threads and locks,
  // so nothing can safely run after it), and a crash or a sanitizer ends it too: the tests after
  // that one never ran. Run them in a new process, each test seen so far filtered out, until a
  // run ends by itself. The first stop stays the run's outcome; only the tests are added to.
  const auto stopped_by_its_last_test = [](const TestRun& run) {
    return !run.running_test.empty() && !run.tests.empty() && run.tests.back().StoppedTheProgram();
  };
  if (stopped_by_its_last_test(*whole)) TryAlone(spec, *whole, whole->tests.back());
  const TestRun* last = &*whole;
  TestRun next;
  std::vector<std::string> seen;
  while (stopped_by_its_last_test(*last)) {
    for (const auto& test : last->tests) seen.push_back(test.name);
    TestRunSpec rest = spec;
    rest.gtest_filter = Excluding(spec.gtest_filter, seen);
    auto ran = RunTests(rest);
    if (!ran || ran->tests.empty()) break;  // nothing was left to run
    if (std::ranges::any_of(ran->tests, [&](const TestResult& test) {
          return std::ranges::find(seen, test.name) != seen.end();
        })) {
      break;  // the filter did not hold a test back: going on would never end
    }
    next = std::move(*ran);
    if (stopped_by_its_last_test(next)) TryAlone(spec, next, next.tests.back());
    whole->tests.insert(whole->tests.end(), next.tests.begin(), next.tests.end());
    whole->output += next.output;
    last = &next;
  }
  return whole;
}

std::expected<TestRun, std::string> RunCatchingErrors(TestRunner runner, const TestRunSpec& spec) {
  try {
    return runner(spec);
  } catch (const std::exception& error) {
    return std::unexpected(spec.program.filename().string() + ": " + error.what());
  }
}

}  // namespace kit
