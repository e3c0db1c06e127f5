// The fake chapter (fixtures/fake_chapter_test.cpp) and its runs, shared by the runner's and the
// self-check's tests: its one test passes, fails, hangs or crashes as it is told.
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

inline TestRun RunFake(std::string_view behaviour) {
  auto run = RunTests({.program = KIT_FAKE_CHAPTER,
                       .timeout_per_test = std::chrono::milliseconds(500),
                       .hang_diagnosis = "the fake waits on purpose",
                       .environment = {{"KIT_FAKE_BEHAVIOUR", std::string(behaviour)}},
                       .gtest_filter = {}});
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
