// Assertions about a context's state that read like the guarantees they check.
#pragma once

#include <gtest/gtest.h>

#include <chrono>

#include "cancelkit_testing/wait_until_done.h"
#include "context/context.h"

namespace context_test {

using namespace std::chrono_literals;

using cancelkit_testing::WaitUntilDone;

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
