#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <string>
#include <system_error>
#include <thread>

#include "context/context.h"
#include "done_matchers.h"

namespace {

using context_test::IsDoneWith;
using context_test::IsLive;
using namespace std::chrono_literals;

std::size_t ChildrenOf(const context::Context& ctx) {
  return context::detail::Access::NodeOf(ctx)->canceler()->ChildCount();
}

TEST(Background, IsNeverDoneAndHasNoDeadline) {
  const auto ctx = context::Background();
  EXPECT_TRUE(IsLive(ctx));
  EXPECT_FALSE(ctx.Done().stop_possible());
  EXPECT_FALSE(ctx.Deadline().has_value());
  EXPECT_EQ(context::TODO().Err(), std::error_code{});
  EXPECT_EQ(context::Context{}, context::Background());
}

TEST(Errors, CompareEqualToTheirPortableConditions) {
  EXPECT_EQ(context::Canceled, std::errc::operation_canceled);
  EXPECT_EQ(context::DeadlineExceeded, std::errc::timed_out);
  EXPECT_NE(context::Canceled, context::DeadlineExceeded);
  EXPECT_EQ(context::Canceled.message(), "context canceled");
  EXPECT_EQ(context::DeadlineExceeded.message(), "context deadline exceeded");
  EXPECT_STREQ(context::Canceled.category().name(), "context");
}

TEST(WithCancel, CancelMakesTheContextDoneWithCanceled) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  EXPECT_TRUE(IsLive(ctx));
  EXPECT_TRUE(ctx.Done().stop_possible());
  cancel();
  EXPECT_TRUE(IsDoneWith(ctx, context::Canceled));
  EXPECT_EQ(context::Cause(ctx), context::Canceled);
}

TEST(WithCancel, CancellingAParentCancelsEveryDescendant) {
  struct Tag {
    using type = int;
  };
  auto [root, cancel_root] = context::WithCancel(context::Background());
  auto [child, cancel_child] = context::WithCancel(root);
  const auto valued = context::WithValue<Tag>(child, 7);
  auto [grandchild, cancel_grandchild] = context::WithCancel(valued);
  auto [timed, cancel_timed] = context::WithTimeout(grandchild, std::chrono::hours(1));

  cancel_root();

  for (const auto& ctx : {root, child, valued, grandchild, timed}) {
    EXPECT_TRUE(IsDoneWith(ctx, context::Canceled));
  }
}

TEST(WithCancel, AChildNeverCancelsItsParent) {
  auto [parent, cancel_parent] = context::WithCancel(context::Background());
  auto [child, cancel_child] = context::WithCancel(parent);
  auto [sibling, cancel_sibling] = context::WithCancel(parent);

  cancel_child();

  EXPECT_TRUE(IsDoneWith(child, context::Canceled));
  EXPECT_TRUE(IsLive(parent));
  EXPECT_TRUE(IsLive(sibling));
}

TEST(WithCancel, AChildOfADoneParentIsDoneAtOnce) {
  auto [parent, cancel_parent] = context::WithCancelCause(context::Background());
  const auto why = std::make_error_code(std::errc::connection_reset);
  cancel_parent(why);

  auto [child, cancel_child] = context::WithCancel(parent);

  EXPECT_TRUE(IsDoneWith(child, context::Canceled));
  EXPECT_EQ(context::Cause(child), why);
}

TEST(WithCancel, ACancelledChildIsRemovedFromItsParent) {
  auto [parent, cancel_parent] = context::WithCancel(context::Background());
  for (int i = 0; i < 1'000'000; ++i) {
    auto [child, cancel_child] = context::WithCancel(parent);
    cancel_child();
  }
  EXPECT_EQ(ChildrenOf(parent), 0U);
}

TEST(WithCancel, AChildDroppedWithoutCancelIsRemovedFromItsParent) {
  // Go keeps such a child until the parent is done; C++ can do better, and does.
  auto [parent, cancel_parent] = context::WithCancel(context::Background());
  {
    auto [child, cancel_child] = context::WithCancel(parent);
    [[maybe_unused]] auto [grandchild, cancel_grandchild] = context::WithCancel(child);
    EXPECT_EQ(ChildrenOf(parent), 1U);
  }
  EXPECT_EQ(ChildrenOf(parent), 0U);
}

TEST(WithCancel, CancelIsIdempotentAndTheFirstCauseWins) {
  auto [ctx, cancel] = context::WithCancelCause(context::Background());
  const auto first = std::make_error_code(std::errc::connection_aborted);
  const auto second = std::make_error_code(std::errc::broken_pipe);

  cancel(first);
  cancel(second);
  cancel();

  EXPECT_TRUE(IsDoneWith(ctx, context::Canceled));
  EXPECT_EQ(context::Cause(ctx), first);
}

TEST(WithCancelCause, AnEmptyCauseMeansCanceled) {
  auto [ctx, cancel] = context::WithCancelCause(context::Background());
  EXPECT_EQ(context::Cause(ctx), std::error_code{});
  cancel();
  EXPECT_EQ(context::Cause(ctx), context::Canceled);
}

TEST(Done, WakesAConditionVariableAndRunsStopCallbacks) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  bool called = false;
  const std::stop_callback on_done(ctx.Done(), [&called] { called = true; });
  EXPECT_FALSE(called);

  std::jthread waiter([&ctx] { EXPECT_TRUE(context_test::WaitUntilDone(ctx)); });
  cancel();
  waiter.join();

  EXPECT_TRUE(called);
}

// Done() makes its token on first use; a cancel from another thread may be half-way through.
// Whatever the interleaving, a token asked for then is signalled once the cancel returns, a stop
// callback registered on it runs exactly once, and an error is never seen without the signal.
TEST(Done, AskedForTheFirstTimeDuringACancelIsSignalled) {
  for (int round = 0; round < 2000; ++round) {
    auto [ctx, cancel] = context::WithCancel(context::Background());
    std::atomic<bool> go = false;  // both threads start together, to make the race likely
    std::jthread canceller([&cancel, &go] {
      while (!go.load()) {
      }
      cancel();
    });
    int calls = 0;
    go.store(true);
    const bool err_first = static_cast<bool>(ctx.Err());
    const std::stop_token& done = ctx.Done();
    {
      const std::stop_callback on_done(done, [&calls] { ++calls; });
      if (err_first) {
        ASSERT_TRUE(done.stop_requested()) << "round " << round;
      }
      canceller.join();
      ASSERT_TRUE(done.stop_requested()) << "round " << round;
    }
    ASSERT_EQ(calls, 1) << "round " << round;
    ASSERT_TRUE(IsDoneWith(ctx, context::Canceled));
  }
}

TEST(PrintTo, SaysWhetherTheContextIsDoneAndWhy) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  EXPECT_EQ(::testing::PrintToString(ctx), "Context{live; WithCancel <- Background}");
  EXPECT_EQ(::testing::PrintToString(context::Background()), "Context{never done; Background}");
  cancel();
  EXPECT_EQ(::testing::PrintToString(ctx),
            "Context{done: context canceled; WithCancel <- Background}");
}

struct SpanName {
  using type = std::string;
};

// What tells a learner that a handler passed Background() or TODO() instead of the request's
// context: the functions that made the context, nearest first.
TEST(PrintTo, NamesTheFunctionsThatMadeTheContextNearestFirst) {
  auto [request, cancel] = context::WithCancel(context::TODO());
  const auto traced = context::WithValue<SpanName>(request, "t-1");
  auto [timed, stop_timer] = context::WithTimeout(traced, 1h);
  EXPECT_THAT(::testing::PrintToString(timed),
              ::testing::MatchesRegex("Context\\{live, deadline in [0-9]+ms; WithDeadline <- "
                                      "WithValue <- WithCancel <- TODO\\}"));
  EXPECT_EQ(::testing::PrintToString(context::WithoutCancel(traced)),
            "Context{never done; WithoutCancel <- WithValue <- WithCancel <- TODO}");
  // A deadline no nearer than the parent's is a plain cancel node: it makes no timer of its own.
  auto [not_sooner, stop] = context::WithTimeout(timed, 2h);
  EXPECT_THAT(::testing::PrintToString(not_sooner),
              ::testing::HasSubstr("; WithCancel <- WithDeadline <- "));
}

TEST(PrintTo, ShowsSixLinksOfADeepChainAndCountsTheRest) {
  context::Context ctx = context::Background();
  for (int i = 0; i < 1000; ++i) ctx = context::WithValue<SpanName>(ctx, "t");
  EXPECT_EQ(::testing::PrintToString(ctx),
            "Context{never done; WithValue <- WithValue <- WithValue <- WithValue <- WithValue "
            "<- WithValue <- 995 more}");
}

}  // namespace
