// Contexts can be chained as deep as a program likes: dropping the last reference to a long chain
// releases it without one stack frame per link (a recursive release overflowed the stack at
// 20,000 links in a Debug build).
#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>
#include <string>
#include <utility>

#include "context/context.h"
#include "done_matchers.h"

namespace {

using context_test::IsDoneWith;

struct Label {
  using type = std::string;
};

constexpr int kDepth = 50'000;

// Runs `f` on a thread whose stack is 256 KiB: far too small for a recursion as deep as the
// chains below, and plenty for a loop. Joined before returning.
void RunOnASmallStack(std::function<void()> f) {
  pthread_attr_t attributes;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attributes, 256 * 1024), 0);
  pthread_t thread;
  const int created = pthread_create(
      &thread, &attributes,
      [](void* arg) -> void* {
        (*static_cast<std::function<void()>*>(arg))();
        return nullptr;
      },
      &f);
  pthread_attr_destroy(&attributes);
  ASSERT_EQ(created, 0);
  ASSERT_EQ(pthread_join(thread, nullptr), 0);
}

TEST(Chain, ALongChainOfCancellableContextsIsReleasedWithoutDeepRecursion) {
  context::Context ctx;
  context::CancelFunc cancel_root = context::WithCancel(ctx).second;
  for (int i = 0; i < kDepth; ++i) ctx = context::WithCancel(ctx).first;
  RunOnASmallStack([chain = std::move(ctx)]() mutable { chain = context::Background(); });
}

TEST(Chain, ALongChainOfValuesIsReleasedWithoutDeepRecursion) {
  context::Context ctx;
  for (int i = 0; i < kDepth; ++i) ctx = context::WithValue<Label>(ctx, std::to_string(i));
  ASSERT_EQ(*ctx.Value<Label>(), std::to_string(kDepth - 1));
  RunOnASmallStack([chain = std::move(ctx)]() mutable { chain = context::Background(); });
}

TEST(Chain, CancellingTheRootOfALongChainReachesItsEnd) {
  auto [root, cancel] = context::WithCancel(context::Background());
  context::Context ctx = root;
  for (int i = 0; i < kDepth; ++i) {
    ctx = i % 2 == 0 ? context::WithCancel(ctx).first : context::WithValue<Label>(ctx, "link");
  }
  RunOnASmallStack([&cancel] { cancel(); });
  EXPECT_TRUE(IsDoneWith(ctx, context::Canceled));
  RunOnASmallStack([chain = std::move(ctx)]() mutable { chain = context::Background(); });
}

}  // namespace
