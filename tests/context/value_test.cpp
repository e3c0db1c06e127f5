#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "context/context.h"
#include "done_matchers.h"

namespace {

using namespace std::chrono_literals;
using context_test::IsDoneWith;
using context_test::IsLive;

struct TraceId {
  using type = std::string;
};
struct UserName {
  using type = std::string;  // same value type, different key: never confused with TraceId
};

TEST(WithValue, AValueIsFoundUpTheChain) {
  const auto traced = context::WithValue<TraceId>(context::Background(), "abc-123");
  auto [cancellable, cancel] = context::WithCancel(traced);
  const auto named = context::WithValue<UserName>(cancellable, "ana");

  ASSERT_NE(named.Value<TraceId>(), nullptr);
  EXPECT_EQ(*named.Value<TraceId>(), "abc-123");
  EXPECT_EQ(*named.Value<UserName>(), "ana");
  EXPECT_EQ(traced.Value<UserName>(), nullptr);
}

TEST(WithValue, ANearerValueShadowsAFartherOne) {
  const auto outer = context::WithValue<TraceId>(context::Background(), "outer");
  const auto inner = context::WithValue<TraceId>(outer, "inner");

  EXPECT_EQ(*inner.Value<TraceId>(), "inner");
  EXPECT_EQ(*outer.Value<TraceId>(), "outer");
}

TEST(WithValue, AnAbsentValueIsNull) {
  EXPECT_EQ(context::Background().Value<TraceId>(), nullptr);
}

TEST(WithValue, KeepsTheParentsCancellationAndDeadline) {
  auto [parent, cancel] = context::WithTimeout(context::Background(), 1h);
  const auto child = context::WithValue<TraceId>(parent, "t");
  EXPECT_EQ(child.Deadline(), parent.Deadline());
  cancel();
  EXPECT_TRUE(IsDoneWith(child, context::Canceled));
}

TEST(WithoutCancel, KeepsValuesButDropsDeadlineAndCancellation) {
  const auto traced = context::WithValue<TraceId>(context::Background(), "abc");
  auto [request, cancel] = context::WithTimeout(traced, 1h);
  const auto detached = context::WithoutCancel(request);

  cancel();

  EXPECT_TRUE(IsDoneWith(request, context::Canceled));
  EXPECT_TRUE(IsLive(detached));
  EXPECT_FALSE(detached.Done().stop_possible());
  EXPECT_FALSE(detached.Deadline().has_value());
  EXPECT_EQ(context::Cause(detached), std::error_code{});
  ASSERT_NE(detached.Value<TraceId>(), nullptr);
  EXPECT_EQ(*detached.Value<TraceId>(), "abc");
}

TEST(WithoutCancel, ItsChildrenCanStillBeCancelled) {
  auto [request, cancel_request] = context::WithCancel(context::Background());
  auto [work, cancel_work] = context::WithCancel(context::WithoutCancel(request));
  cancel_request();
  EXPECT_TRUE(IsLive(work));
  cancel_work();
  EXPECT_TRUE(IsDoneWith(work, context::Canceled));
}

}  // namespace
