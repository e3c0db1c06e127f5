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

#include "cancelkit_testing/exit_codes.h"
#include "process.h"

namespace kit {

struct TestResult {
  // The last three stop the whole program: no test after them ran in the same process.
  enum class Status { kPassed, kFailed, kSkipped, kHung, kCrashed, kSanitizerReport };
  std::string name;  // Suite.Test
  Status status = Status::kPassed;
  std::chrono::milliseconds took{0};  // GoogleTest's time for it; 0 when it stopped the program
  std::vector<std::string> failures;  // GoogleTest's messages, "file:line\nExpected ..."
  // How a test that stopped the program ended:
  std::string hang_line;         // kHung: the watchdog's line, without its "[  HANG    ] " prefix
  int signal = 0;                // kCrashed: the signal that ended it
  std::string sanitizer_report;  // the sanitizer's report, shortened, when one printed it
  // kCrashed: its last lines of output ("terminate called ..."); kFailed: the last lines it
  // printed beside GoogleTest's messages (the learner's own log lines)
  std::string printed;
  // kCrashed or kSanitizerReport after other tests, by RunEveryTest: run again alone, it passed
  // (so a thread an earlier test left behind is the likely culprit).
  bool passes_on_its_own = false;

  bool StoppedTheProgram() const;
};

struct TestRun {
  enum class Outcome {
    kAllPassed,
    kTestsFailed,      // assertions failed; `tests` says which
    kHung,             // `running_test` did not finish in time
    kCrashed,          // `signal` killed the program while `running_test` ran
    kSanitizerReport,  // `sanitizer_report` holds the first report
    // every test passed, but the program left processes running (a fork): the kit ended them
    kLeftProcessesBehind,
    kOtherFailure,  // anything else: see `output`
  };
  // How the (first) run of the program ended; the fields below are about that first stop too.
  Outcome outcome = Outcome::kOtherFailure;
  // Every test that ran, in the order they ran, the one that stopped the program included.
  std::vector<TestResult> tests;
  std::string running_test;  // the test that hung or crashed, when known
  std::string hang_line;     // the watchdog's line, without its "[  HANG    ] " prefix
  int signal = 0;
  int exit_code = -1;
  int processes_left_behind = 0;  // still running when the program ended, whatever the outcome
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
using cancelkit_testing::kHangExitCode;

// Runs the program with --gtest_output=json into a temporary file. The watchdog inside the
// program stops a hanging test; should it fail to (a hang before main, say), silence for twice
// the per-test limit ends the run here.
std::expected<TestRun, std::string> RunTests(const TestRunSpec& spec);

// As RunTests, and when a test stops the program (a hang, a crash, a sanitizer's report), runs
// the tests after it in a new process, as often as it takes: `tests` then lists every test of
// the program, each failure, hang and crash in the order they happened. `kit check` uses it;
// the self-check does not need the rest and keeps the suite fast with RunTests.
std::expected<TestRun, std::string> RunEveryTest(const TestRunSpec& spec);

// RunTests or RunEveryTest: how a caller wants a program run.
using TestRunner = std::expected<TestRun, std::string> (*)(const TestRunSpec&);

// `runner` on `spec`, for the kit's own threads (programs run side by side): an exception it
// throws (a full temporary directory, say) becomes the run's error instead of ending the kit.
std::expected<TestRun, std::string> RunCatchingErrors(TestRunner runner, const TestRunSpec& spec);

// The pure part of RunTests, for the tests: what a finished run means.
TestRun InterpretRun(const ProcessResult& process, std::optional<std::string> json_report);

}  // namespace kit
