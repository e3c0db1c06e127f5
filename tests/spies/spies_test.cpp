// Tests of the chapter-independent spies. Margins are wide on purpose: these run on busy
// machines and under sanitizers, and must never flake.
#include <gtest/gtest.h>

#include <chrono>

#include "context/context.h"
#include "spies/cancel_after.h"
#include "spies/spell_slowly.h"
#include "spies/spy_response_writer.h"

namespace {

using namespace std::chrono_literals;

TEST(SpellSlowly, SpellsTheWholeTextWhenNobodyCancels) {
  EXPECT_EQ(spies::SpellSlowly(context::Background(), "abc", 1ms), "abc");
}

TEST(SpellSlowly, ReturnsTheContextsErrorOnceItIsDone) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  const auto result = spies::SpellSlowly(ctx, "abc");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), context::Canceled);
}

TEST(SpellSlowly, StopsLongBeforeTheEndWhenCancelledMidway) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  const spies::CancelAfter cancel_soon(5ms, cancel);
  const auto started = std::chrono::steady_clock::now();

  // 1000 characters at 10 ms would take 10 s; cancellation must cut that short.
  const auto result = spies::SpellSlowly(ctx, std::string(1000, 'x'));

  EXPECT_EQ(result, std::unexpected(context::Canceled));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(CancelAfter, CancelsWithCanceledNotDeadlineExceeded) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  const spies::CancelAfter cancel_soon(1ms, cancel);
  // Wait for it through the library itself, not a sleep: SpellSlowly returns once ctx is done.
  (void)spies::SpellSlowly(ctx, std::string(100000, 'x'));
  EXPECT_EQ(ctx.Err(), context::Canceled);
}

TEST(CancelAfter, LeavingScopeBeforeTheDelayCancelsNothing) {
  auto [ctx, cancel] = context::WithCancel(context::Background());
  { const spies::CancelAfter never(1h, cancel); }
  EXPECT_FALSE(ctx.Err());
}

TEST(SpyResponseWriter, NothingWrittenAtFirst) {
  const spies::SpyResponseWriter response;
  EXPECT_FALSE(response.Written());
  EXPECT_TRUE(response.NothingWasWritten());
}

TEST(SpyResponseWriter, EveryMethodCountsAsWriting) {
  spies::SpyResponseWriter header_only;
  header_only.Header();
  EXPECT_TRUE(header_only.Written());

  spies::SpyResponseWriter status_only;
  status_only.WriteHeader(204);
  EXPECT_TRUE(status_only.Written());

  spies::SpyResponseWriter body;
  EXPECT_FALSE(body.Write("hi").has_value());
  const auto verdict = body.NothingWasWritten();
  EXPECT_FALSE(verdict);
  EXPECT_STREQ(verdict.message(),
               "a response should not have been written, but the handler called Write(\"hi\")");
}

}  // namespace
