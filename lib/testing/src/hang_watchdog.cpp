#include "cancelkit_testing/hang_watchdog.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

namespace cancelkit_testing {

namespace {
std::string FullName(const ::testing::TestInfo& test) {
  return std::string(test.test_suite_name()) + "." + test.name();
}
}  // namespace

HangWatchdog::HangWatchdog(std::chrono::milliseconds limit, std::string diagnosis)
    : limit_(limit),
      diagnosis_(std::move(diagnosis)),
      watcher_([this](std::stop_token stop) { Watch(std::move(stop)); }) {}

void HangWatchdog::OnTestStart(const ::testing::TestInfo& test) {
  {
    std::lock_guard lock(mutex_);
    running_test_ = FullName(test);
    deadline_ = Clock::now() + limit_;
    ++generation_;
  }
  changed_.notify_one();
}

void HangWatchdog::OnTestEnd(const ::testing::TestInfo&) {
  {
    std::lock_guard lock(mutex_);
    running_test_.reset();
    ++generation_;
  }
  changed_.notify_one();
}

void HangWatchdog::Watch(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (!running_test_) {
      changed_.wait(lock, stop, [this] { return running_test_.has_value(); });
      continue;
    }
    const auto watched = generation_;
    const bool progressed =
        changed_.wait_until(lock, stop, deadline_, [&] { return generation_ != watched; });
    if (!progressed && !stop.stop_requested()) ReportHang(*running_test_);
  }
}

void HangWatchdog::ReportHang(const std::string& test_name) const {
  std::printf("[  HANG    ] %s the test did not finish within %lld ms: %s\n", test_name.c_str(),
              static_cast<long long>(limit_.count()), diagnosis_.c_str());
  std::fflush(stdout);
  // The hung test still owns threads and locks: running destructors now could block forever.
  std::_Exit(kHangExitCode);
}

std::chrono::milliseconds TimeLimitFromEnvironment() {
  constexpr std::chrono::milliseconds kDefault{5000};
  const char* text = std::getenv("CANCELKIT_TEST_TIMEOUT_MS");
  if (text == nullptr) return kDefault;
  const std::string_view digits(text);
  long long ms = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
  if (error != std::errc{} || end != digits.data() + digits.size() || ms <= 0) return kDefault;
  return std::chrono::milliseconds(ms);
}

std::string DiagnosisFromEnvironment() {
  const char* text = std::getenv("CANCELKIT_HANG_DIAGNOSIS");
  if (text != nullptr && *text != '\0') return text;
  return "is something waiting for work that nobody will finish, or for a context that is never "
         "cancelled?";
}

}  // namespace cancelkit_testing
