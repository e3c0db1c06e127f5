// Running a chapter's GoogleTest program and telling apart what can happen: the tests passed,
// some failed by an assertion, one hung (the watchdog's [  HANG    ] line, exit code 124), the
// program crashed on a signal, or a sanitizer stopped it with a report.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "process.h"

namespace kit {

struct TestResult {
  enum class Status { kPassed, kFailed, kSkipped };
  std::string name;  // Suite.Test
  Status status = Status::kPassed;
  std::vector<std::string> failures;  // GoogleTest's messages, "file:line\nExpected ..."
};

struct TestRun {
  enum class Outcome {
    kAllPassed,
    kTestsFailed,      // assertions failed; `tests` says which
    kHung,             // `running_test` did not finish in time
    kCrashed,          // `signal` killed the program while `running_test` ran
    kSanitizerReport,  // `sanitizer_report` holds the first report
    kOtherFailure,     // anything else: see `output`
  };
  Outcome outcome = Outcome::kOtherFailure;
  std::vector<TestResult> tests;  // every test that finished, in the order they ran
  std::string running_test;       // the test that hung or crashed, when known
  std::string hang_line;          // the watchdog's line, without its "[  HANG    ] " prefix
  int signal = 0;
  int exit_code = -1;
  std::string sanitizer_report;
  std::string output;  // everything the program printed

  std::size_t CountWith(TestResult::Status status) const;
  const TestResult* Find(std::string_view name) const;
};

struct TestRunSpec {
  std::filesystem::path program;
  std::chrono::milliseconds timeout_per_test{5000};              // CANCELKIT_TEST_TIMEOUT_MS
  std::string hang_diagnosis;                                    // CANCELKIT_HANG_DIAGNOSIS
  std::vector<std::pair<std::string, std::string>> environment;  // e.g. TSAN_OPTIONS
  std::string gtest_filter;                                      // empty: every test
};

// The exit code of the hang watchdog in lib/testing.
inline constexpr int kHangExitCode = 124;

// Runs the program with --gtest_output=json into a temporary file. The watchdog inside the
// program stops a hanging test; should it fail to (a hang before main, say), silence for twice
// the per-test limit ends the run here.
std::expected<TestRun, std::string> RunTests(const TestRunSpec& spec);

// The pure part of RunTests, for the tests: what a finished run means.
TestRun InterpretRun(const ProcessResult& process, std::optional<std::string> json_report);

}  // namespace kit
