#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "context/context.h"
#include "done_matchers.h"

namespace {

using namespace std::chrono_literals;

TEST(AfterFunc, RunsExactlyOnceAfterTheContextIsDone) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  int runs = 0;
  const auto stop = context::AfterFunc(ctx, [&runs] { ++runs; });
  EXPECT_EQ(runs, 0);

  cancel();
  cancel();

  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(stop());  // too late: it already ran
}

TEST(AfterFunc, StopPreventsTheFunctionAndSaysSo) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  int runs = 0;
  const auto stop = context::AfterFunc(ctx, [&runs] { ++runs; });

  EXPECT_TRUE(stop());
  EXPECT_FALSE(stop());  // already stopped
  cancel();

  EXPECT_EQ(runs, 0);
}

TEST(AfterFunc, RunsAtOnceWhenTheContextIsAlreadyDone) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  int runs = 0;
  const auto stop = context::AfterFunc(ctx, [&runs] { ++runs; });
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(stop());
}

TEST(AfterFunc, RunsWhenTheDeadlinePasses) {
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 5ms);
  std::promise<void> ran;
  const auto stop = context::AfterFunc(ctx, [&ran] { ran.set_value(); });
  EXPECT_EQ(ran.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(context_test::IsDoneWith(ctx, context::DeadlineExceeded));
}

TEST(AfterFunc, NeverRunsForAContextThatCannotBeDone) {
  int runs = 0;
  const auto stop = context::AfterFunc(context::Background(), [&runs] { ++runs; });
  EXPECT_TRUE(stop());
  EXPECT_EQ(runs, 0);
}

TEST(AfterFunc, RacingCancelAndStopRunsTheFunctionAtMostOnce) {
  for (int round = 0; round < 200; ++round) {
    auto [ctx, cancel] = context::WithCancel(context::Background());
    std::atomic<int> runs = 0;
    const auto stop = context::AfterFunc(ctx, [&runs] { ++runs; });
    std::atomic<bool> stopped = false;
    {
      std::jthread canceller([&cancel] { cancel(); });
      std::jthread stopper([&] { stopped = stop(); });
    }
    EXPECT_EQ(runs.load(), stopped ? 0 : 1);
  }
}

}  // namespace
