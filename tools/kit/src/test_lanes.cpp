#include "test_lanes.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <utility>

#include "run_side_by_side.h"
#include "test_list.h"
#include "text.h"

namespace kit {

namespace {

using Outcome = TestRun::Outcome;

bool Stopped(Outcome outcome) {
  return outcome == Outcome::kHung || outcome == Outcome::kCrashed ||
         outcome == Outcome::kSanitizerReport;
}

// How the run ended, as far as a lane's run can say it for all of them.
void TakeTheEnding(TestRun& merged, const TestRun& lane) {
  merged.outcome = lane.outcome;
  merged.running_test = lane.running_test;
  merged.hang_line = lane.hang_line;
  merged.signal = lane.signal;
  merged.exit_code = lane.exit_code;
  merged.sanitizer_report = lane.sanitizer_report;
}

std::filesystem::path TimesFile(const std::filesystem::path& program) {
  return program.string() + ".test-times";
}

// One test a line: its milliseconds, a space, its name.
TestTimes ReadTimes(const std::filesystem::path& program) {
  TestTimes times;
  std::ifstream file(TimesFile(program));
  long long ms = 0;
  std::string name;
  while (file >> ms && std::getline(file >> std::ws, name)) {
    times[name] = std::chrono::milliseconds(ms);
  }
  return times;
}

// The times of this run over the last ones. A test that hung took at least the watchdog's limit;
// one that crashed keeps its last time. Written aside, then renamed: another kit running the same
// chapter reads the old file or the new one, never half of one.
void WriteTimes(const std::filesystem::path& program, TestTimes times, const TestRun& run,
                std::chrono::milliseconds hang_limit) {
  for (const auto& test : run.tests) {
    if (test.status == TestResult::Status::kHung) {
      times[test.name] = hang_limit;
    } else if (!test.StoppedTheProgram()) {
      times[test.name] = test.took;
    }
  }
  const auto final_path = TimesFile(program);
  const auto written =
      std::filesystem::path(final_path.string() + "." + std::to_string(::getpid()));
  {
    std::ofstream file(written);
    for (const auto& [name, ms] : times) file << ms.count() << ' ' << name << '\n';
    if (!file) return;  // only a hint for next time: a run does not fail for it
  }
  std::error_code ignored;
  std::filesystem::rename(written, final_path, ignored);
}

}  // namespace

std::vector<std::vector<std::string>> DealIntoLanes(const std::vector<std::string>& tests,
                                                    const TestTimes& times, std::size_t lanes) {
  const auto time_of = [&](std::size_t test) {
    const auto found = times.find(tests[test]);
    return found == times.end() ? std::chrono::milliseconds(0) : found->second;
  };
  std::vector<std::size_t> longest_first(tests.size());
  std::iota(longest_first.begin(), longest_first.end(), std::size_t{0});
  std::ranges::stable_sort(longest_first, std::greater{}, time_of);

  struct Lane {
    std::chrono::milliseconds time{0};
    std::vector<std::size_t> tests;
  };
  std::vector<Lane> dealt(std::max<std::size_t>(lanes, 1));
  for (const std::size_t test : longest_first) {
    const auto least = std::ranges::min_element(
        dealt, {}, [](const Lane& lane) { return std::pair(lane.time, lane.tests.size()); });
    least->time += time_of(test);
    least->tests.push_back(test);
  }
  std::vector<std::vector<std::string>> names;
  for (auto& lane : dealt) {
    if (lane.tests.empty()) continue;
    std::ranges::sort(lane.tests);
    auto& named = names.emplace_back();
    for (const std::size_t test : lane.tests) named.push_back(tests[test]);
  }
  return names;
}

TestRun MergeLanes(std::vector<TestRun> lanes, const std::vector<std::string>& order) {
  std::unordered_map<std::string, std::size_t> position;
  for (std::size_t at = 0; at < order.size(); ++at) position.emplace(order[at], at);
  const auto position_of = [&](const std::string& name) {
    const auto found = position.find(name);
    return found == position.end() ? std::numeric_limits<std::size_t>::max() : found->second;
  };

  TestRun merged;
  merged.outcome = Outcome::kAllPassed;
  merged.exit_code = 0;
  const TestRun* first_stop = nullptr;
  const TestRun* other_failure = nullptr;
  const TestRun* left_behind = nullptr;
  bool failed = false;
  for (const TestRun& lane : lanes) {
    merged.tests.insert(merged.tests.end(), lane.tests.begin(), lane.tests.end());
    merged.output += lane.output;
    merged.processes_left_behind += lane.processes_left_behind;
    if (Stopped(lane.outcome)) {
      if (first_stop == nullptr ||
          position_of(lane.running_test) < position_of(first_stop->running_test)) {
        first_stop = &lane;
      }
    } else if (lane.outcome == Outcome::kOtherFailure) {
      if (other_failure == nullptr) other_failure = &lane;
    } else if (lane.outcome == Outcome::kTestsFailed) {
      failed = true;
    } else if (lane.outcome == Outcome::kLeftProcessesBehind) {
      left_behind = &lane;
    }
  }
  std::ranges::stable_sort(merged.tests, {},
                           [&](const TestResult& test) { return position_of(test.name); });
  if (first_stop != nullptr) {
    TakeTheEnding(merged, *first_stop);
  } else if (other_failure != nullptr) {
    TakeTheEnding(merged, *other_failure);
    merged.output = other_failure->output;  // what that program printed says what went wrong
  } else if (failed) {
    merged.outcome = Outcome::kTestsFailed;
    merged.exit_code = 1;
  } else if (left_behind != nullptr) {
    TakeTheEnding(merged, *left_behind);
  }
  return merged;
}

std::expected<TestRun, std::string> RunInLanes(const TestRunSpec& spec, TestRunner runner,
                                               std::size_t lanes) {
  const auto listed = ListTests(spec.program, spec.environment, spec.gtest_filter);
  if (!listed || listed->size() < 2 || lanes < 2) return runner(spec);
  std::vector<std::string> order;
  for (const auto& test : *listed) order.push_back(test.name);
  const TestTimes last_times = ReadTimes(spec.program);
  const auto names = DealIntoLanes(order, last_times, lanes);

  auto runs = RunSideBySide(names.size(), names.size(), [&](std::size_t lane) {
    TestRunSpec own = spec;
    own.gtest_filter = Join(names[lane], ":");
    return RunCatchingErrors(runner, own);
  });
  std::vector<TestRun> finished;
  for (auto& run : runs) {
    if (!run) return std::unexpected(run.error());
    finished.push_back(std::move(*run));
  }
  auto merged = MergeLanes(std::move(finished), order);
  WriteTimes(spec.program, last_times, merged, spec.timeout_per_test);
  return merged;
}

}  // namespace kit
