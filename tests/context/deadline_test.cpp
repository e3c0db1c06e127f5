#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "context/context.h"
#include "done_matchers.h"

namespace {

using namespace std::chrono_literals;
using context_test::IsDoneWith;
using context_test::IsLive;
using context_test::WaitUntilDone;

TEST(WithTimeout, IsDoneWithDeadlineExceededWhenTheTimeIsUp) {
  const auto start = context::Clock::now();
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 10ms);

  ASSERT_TRUE(WaitUntilDone(ctx));

  EXPECT_TRUE(IsDoneWith(ctx, context::DeadlineExceeded));
  EXPECT_EQ(ctx.Err(), std::errc::timed_out);
  EXPECT_GE(context::Clock::now() - start, 10ms);  // never early; how late is a benchmark's job
}

TEST(WithDeadline, ReportsItsDeadline) {
  const auto deadline = context::Clock::now() + 1h;
  auto [ctx, cancel] = context::WithDeadline(context::Background(), deadline);
  EXPECT_EQ(ctx.Deadline(), deadline);
  auto [child, cancel_child] = context::WithCancel(ctx);
  EXPECT_EQ(child.Deadline(), deadline);
}

TEST(WithDeadline, ADeadlineLaterThanTheParentsChangesNothing) {
  const auto soon = context::Clock::now() + 1h;
  auto [parent, cancel_parent] = context::WithDeadline(context::Background(), soon);
  const auto pending_before = context::detail::PendingDeadlineCount();

  auto [child, cancel_child] = context::WithDeadline(parent, soon + 1h);

  EXPECT_EQ(child.Deadline(), soon);
  EXPECT_EQ(context::detail::PendingDeadlineCount(), pending_before);  // no timer of its own
}

TEST(WithTimeout, TheLargestTimeoutsMeanTheFarFutureNotThePast) {
  // Each of these overflows when simply added to the clock's current time.
  const auto far_future = context::TimePoint::max();
  auto [in_ms, cancel_ms] =
      context::WithTimeout(context::Background(), std::chrono::milliseconds::max());
  auto [in_hours, cancel_hours] =
      context::WithTimeout(context::Background(), std::chrono::hours::max());
  auto [in_ns, cancel_ns] =
      context::WithTimeout(context::Background(), std::chrono::nanoseconds::max());
  for (const auto& ctx : {in_ms, in_hours, in_ns}) {
    EXPECT_TRUE(IsLive(ctx));
    EXPECT_EQ(ctx.Deadline(), far_future);
  }
}

TEST(WithTimeout, TheMostNegativeTimeoutIsAlreadyPast) {
  auto [ctx, cancel] = context::WithTimeout(context::Background(), std::chrono::hours::min());
  EXPECT_TRUE(IsDoneWith(ctx, context::DeadlineExceeded));
}

TEST(WithDeadline, ADeadlineInThePastIsDoneAtOnce) {
  auto [ctx, cancel] = context::WithDeadline(context::Background(), context::Clock::now() - 1s);
  EXPECT_TRUE(IsDoneWith(ctx, context::DeadlineExceeded));
}

TEST(WithDeadline, ANearerDeadlineWins) {
  auto [outer, cancel_outer] = context::WithTimeout(context::Background(), 1h);
  auto [inner, cancel_inner] = context::WithTimeout(outer, 10ms);

  ASSERT_TRUE(WaitUntilDone(inner));

  EXPECT_TRUE(IsDoneWith(inner, context::DeadlineExceeded));
  EXPECT_TRUE(IsLive(outer));
}

TEST(WithDeadline, CancellingEarlyRemovesItsTimer) {
  const auto pending_before = context::detail::PendingDeadlineCount();
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 1h);
  EXPECT_EQ(context::detail::PendingDeadlineCount(), pending_before + 1);

  cancel();

  EXPECT_TRUE(IsDoneWith(ctx, context::Canceled));
  EXPECT_EQ(context::detail::PendingDeadlineCount(), pending_before);
}

TEST(WithDeadline, DroppingTheContextRemovesItsTimer) {
  const auto pending_before = context::detail::PendingDeadlineCount();
  { auto [ctx, cancel] = context::WithTimeout(context::Background(), 1h); }
  EXPECT_EQ(context::detail::PendingDeadlineCount(), pending_before);
}

TEST(WithDeadlineCause, TheCauseIsReportedWhenTheDeadlinePasses) {
  const auto why = std::make_error_code(std::errc::stream_timeout);
  auto [ctx, cancel] = context::WithTimeoutCause(context::Background(), 1ms, why);

  ASSERT_TRUE(WaitUntilDone(ctx));

  EXPECT_TRUE(IsDoneWith(ctx, context::DeadlineExceeded));
  EXPECT_EQ(context::Cause(ctx), why);
}

TEST(WithDeadline, ManyDeadlinesFireFromOneTimer) {
  std::vector<std::pair<context::Context, context::CancelFunc>> contexts;
  for (int i = 0; i < 200; ++i) {
    contexts.push_back(
        context::WithTimeout(context::Background(), std::chrono::microseconds(i * 50)));
  }
  for (const auto& [ctx, cancel] : contexts) {
    ASSERT_TRUE(WaitUntilDone(ctx));
    EXPECT_TRUE(IsDoneWith(ctx, context::DeadlineExceeded));
  }
}

TEST(WithDeadline, DeadlinesArmedOutOfOrderAndCancelledFromAnotherThreadAreNeitherLostNorMixedUp) {
  // The timer keeps the pending deadlines sorted, per thread that armed them. Deadlines armed in
  // no particular order, from two threads, half of the far ones then cancelled from this thread
  // in yet another order (each taken out of the middle of its thread's order): every near one
  // must still fire, every far one still be pending or cancelled, and none left behind.
  constexpr int kEach = 100;
  const auto pending_before = context::detail::PendingDeadlineCount();
  // Filled by the two threads, each its own elements.
  std::vector<std::optional<std::pair<context::Context, context::CancelFunc>>> near(kEach);
  std::vector<std::optional<std::pair<context::Context, context::CancelFunc>>> far(kEach);
  {
    auto arm = [&](int first) {
      for (int i = first; i < kEach; i += 2) {
        far[i] =
            context::WithTimeout(context::Background(), 1h + std::chrono::minutes(i * 37 % 100));
        near[i] = context::WithTimeout(context::Background(),
                                       std::chrono::milliseconds(i * 53 % 100 + 1));
      }
    };
    std::jthread even(arm, 0);
    std::jthread odd(arm, 1);
  }
  for (int i = 0; i < kEach; i += 2) far[i * 7 % kEach]->second();  // the even ones, shuffled

  for (const auto& timed : near) {
    ASSERT_TRUE(WaitUntilDone(timed->first));
    EXPECT_TRUE(IsDoneWith(timed->first, context::DeadlineExceeded));
  }
  for (int i = 0; i < kEach; ++i) {
    if (i % 2 == 0) {
      EXPECT_TRUE(IsDoneWith(far[i]->first, context::Canceled)) << i;
    } else {
      EXPECT_TRUE(IsLive(far[i]->first)) << i;
    }
  }
  EXPECT_EQ(context::detail::PendingDeadlineCount(), pending_before + kEach / 2);
  for (const auto& timed : far) timed->second();
  EXPECT_EQ(context::detail::PendingDeadlineCount(), pending_before);
}

}  // namespace
