// A GoogleTest listener that stops a test run which hangs, and says why it probably hangs.
//
// A test that waits for something that never happens (a Fetch nobody cancels, a thread nobody
// joins) would otherwise sit there until CTest kills it, with no word about which test it was.
// The watchdog gives every test a time limit. When one overruns it prints a single line
//
//   [  HANG    ] Server.TellsStoreToCancelWorkIfRequestIsCancelled the test did not finish ...
//
// and ends the process with exit code 124 (the code of coreutils' `timeout`), which the kit's
// CLI recognises.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "cancelkit_testing/exit_codes.h"

namespace cancelkit_testing {

class HangWatchdog final : public ::testing::EmptyTestEventListener {
 public:
  HangWatchdog(std::chrono::milliseconds limit, std::string diagnosis);
  HangWatchdog(const HangWatchdog&) = delete;
  HangWatchdog& operator=(const HangWatchdog&) = delete;
  ~HangWatchdog() override = default;  // the jthread member stops and joins the watcher

  void OnTestStart(const ::testing::TestInfo& test) override;
  void OnTestEnd(const ::testing::TestInfo& test) override;

 private:
  using Clock = std::chrono::steady_clock;

  void Watch(std::stop_token stop);
  [[noreturn]] void ReportHang(const std::string& test_name) const;

  const std::chrono::milliseconds limit_;
  const std::string diagnosis_;

  std::mutex mutex_;
  std::condition_variable_any changed_;  // a test started or ended
  std::optional<std::string> running_test_;
  Clock::time_point deadline_;
  std::uint64_t generation_ = 0;  // bumped on every start and end, so the watcher sees progress

  std::jthread watcher_;  // last member: it starts after, and stops before, everything it reads
};

// The limit from CANCELKIT_TEST_TIMEOUT_MS, or 5000 ms when it is unset or not a number.
std::chrono::milliseconds TimeLimitFromEnvironment();
// The diagnosis from CANCELKIT_HANG_DIAGNOSIS, or a general one.
std::string DiagnosisFromEnvironment();

}  // namespace cancelkit_testing
