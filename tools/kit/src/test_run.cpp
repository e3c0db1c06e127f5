#include "test_run.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sanitizer_report.h"
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
  std::vector<std::string> lines_of_running_test;
  for (const auto line : Lines(output)) {
    if (const auto name = AfterPrefix(line, "[ RUN      ] ")) {
      log.running = std::string(*name);
      lines_of_running_test.clear();
      continue;
    }
    if (const auto ended = TestEnd(line); ended && ended->name == log.running) {
      TestResult result{.name = log.running, .status = ended->status, .failures = {}};
      if (ended->status == Status::kFailed) {
        result.failures.push_back(Join(lines_of_running_test, "\n"));
      }
      log.finished.push_back(std::move(result));
      log.running.clear();
      continue;
    }
    if (const auto hang = AfterPrefix(line, "[  HANG    ] ")) {
      log.hang_line = std::string(*hang);
      log.running = std::string(hang->substr(0, hang->find(' ')));
      continue;
    }
    if (!log.running.empty()) lines_of_running_test.emplace_back(line);
  }
  return log;
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

  auto console = ReadConsole(process.output);
  auto from_json = json_report ? ReadJsonReport(*json_report) : std::nullopt;
  run.tests = from_json ? std::move(*from_json) : std::move(console.finished);
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
    run.outcome = Outcome::kAllPassed;
  } else {
    run.outcome = Outcome::kOtherFailure;
  }
  return run;
}

std::expected<TestRun, std::string> RunTests(const TestRunSpec& spec) {
  const auto json_path =
      std::filesystem::temp_directory_path() /
      ("kit-" + std::to_string(::getpid()) + "-" + spec.program.filename().string() + ".json");
  std::filesystem::remove(json_path);

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
  auto finished = RunProcess(process, silence_limit);
  if (!finished) return std::unexpected(finished.error());

  std::optional<std::string> json_report;
  if (std::filesystem::exists(json_path)) {
    json_report = ReadWholeFile(json_path);
    std::filesystem::remove(json_path);
  }
  return InterpretRun(*finished, std::move(json_report));
}

}  // namespace kit
