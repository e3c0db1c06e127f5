// The fake chapter (fixtures/fake_chapter_test.cpp) and its runs, shared by the runner's and the
// self-check's tests: two of its tests pass, fail, hang or crash as they are told.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest.h"
#include "test_run.h"

namespace kit::testing {

inline TestRunSpec FakeSpec(std::string_view behaviour, std::string_view then) {
  return {.program = KIT_FAKE_CHAPTER,
          .timeout_per_test = std::chrono::milliseconds(500),
          .hang_diagnosis = "the fake waits on purpose",
          .environment = {{"KIT_FAKE_BEHAVIOUR", std::string(behaviour)},
                          {"KIT_FAKE_THEN", std::string(then)}},
          .gtest_filter = {}};
}

// One run of the program: it ends at the first hang or crash.
inline TestRun RunFake(std::string_view behaviour, std::string_view then = "pass") {
  auto run = RunTests(FakeSpec(behaviour, then));
  EXPECT_TRUE(run) << run.error();
  return run.value_or(TestRun{});
}

// As `kit check` runs it: on to the tests after a hang or a crash.
inline TestRun RunFakeToTheEnd(std::string_view behaviour, std::string_view then) {
  auto run = RunEveryTest(FakeSpec(behaviour, then));
  EXPECT_TRUE(run) << run.error();
  return run.value_or(TestRun{});
}

inline Chapter FakeChapter(std::vector<std::string> failing_at_start = {}) {
  Chapter chapter;
  chapter.number = "07";
  chapter.dir = "07-fake";
  chapter.files = {"server.cpp"};
  chapter.failing_at_start = std::move(failing_at_start);
  return chapter;
}

}  // namespace kit::testing
