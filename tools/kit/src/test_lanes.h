// Running a chapter's tests side by side. The program's tests are dealt, in its order, into
// lanes; each lane is a process of its own running only its tests, and the results are put back
// in the program's order. A chapter's tests are independent by design (each makes its own files,
// sockets and threads; ctest runs each in a process of its own) and most of their time is spent
// waiting (for a timeout, a slow statement, a client), so lanes pay off beyond the cores.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <string>
#include <unordered_map>
#include <vector>

#include "test_run.h"

namespace kit {

// Waiting tests share two cores well; more lanes only add processes to start.
inline constexpr std::size_t kMaxLanes = 16;

// What each test took when it last ran, by name: how the lanes are dealt, as ctest's cost data
// are. Kept beside the program (<program>.test-times), so a fresh build starts without.
using TestTimes = std::unordered_map<std::string, std::chrono::milliseconds>;

// The tests dealt into `lanes` lanes: the longest first, each to the lane with the least time so
// far (then the fewest tests), so that a chapter's slow tests, which tend to sit together, each
// get a lane of their own. Tests never timed count as instant: dealt in the program's order, one
// lane after another. Each lane keeps the program's order.
std::vector<std::vector<std::string>> DealIntoLanes(const std::vector<std::string>& tests,
                                                    const TestTimes& times, std::size_t lanes);

// Runs the tests of `spec` in up to `lanes` processes at once and merges what they found as one
// run of the program would report it. Each lane runs with `runner`: RunEveryTest (on past a hang
// or a crash, as `kit check` reports) or RunTests (to its first stop, as the self-check needs).
// A program that cannot list its tests, or has a single one, runs as one process.
std::expected<TestRun, std::string> RunInLanes(const TestRunSpec& spec, TestRunner runner,
                                               std::size_t lanes = kMaxLanes);

// The pure part, for the tests: the lanes' runs as one. `order` is the program's list of tests;
// the results follow it, and the run stops where the first test in that order that stopped its
// lane did (a hang, a crash, a sanitizer's report), as it would have with one process.
TestRun MergeLanes(std::vector<TestRun> lanes, const std::vector<std::string>& order);

}  // namespace kit
