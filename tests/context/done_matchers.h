// Assertions about a context's state that read like the guarantees they check.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "context/context.h"

namespace context_test {

using namespace std::chrono_literals;

// Blocks until `ctx` is done or `limit` passes; the limit only stops a broken test from hanging.
inline bool WaitUntilDone(const context::Context& ctx, std::chrono::milliseconds limit = 10s) {
  std::mutex mutex;
  std::condition_variable_any done;
  std::unique_lock lock(mutex);
  // Ask the token, not wait_for's result: libstdc++ 12 returns false when the stop request lands
  // between its own checks, although the wait did end because of it.
  done.wait_for(lock, ctx.Done(), limit, [&] { return ctx.Done().stop_requested(); });
  return ctx.Done().stop_requested();
}

inline ::testing::AssertionResult IsLive(const context::Context& ctx) {
  if (ctx.Done().stop_requested() || ctx.Err()) {
    return ::testing::AssertionFailure()
           << "the context is done (Err: " << ctx.Err().message() << ")";
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult IsDoneWith(const context::Context& ctx, std::error_code want) {
  if (!ctx.Done().stop_requested()) {
    return ::testing::AssertionFailure() << "Done() was not signalled";
  }
  if (ctx.Err() != want) {
    return ::testing::AssertionFailure()
           << "Err() is \"" << ctx.Err().message() << "\", want \"" << want.message() << "\"";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace context_test
