// WaitUntilDone: the kit's tests' one way to wait for a context to be done, with a limit that only
// stops a broken test from hanging.
//
//   EXPECT_TRUE(cancelkit_testing::WaitUntilDone(r.Context(), 10s)) << "never cancelled";
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

#include "context/context.h"

namespace cancelkit_testing {

// Blocks until `ctx` is done or `limit` has passed; true if it is done.
inline bool WaitUntilDone(const context::Context& ctx,
                          std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  std::mutex mutex;
  std::condition_variable_any never_notified;  // the stop request on Done() is what wakes it
  std::unique_lock lock(mutex);
  const std::stop_token& done = ctx.Done();
  // Ask the token, not wait_for's result: libstdc++ 12 returns false when the stop request lands
  // between its own checks, although the wait did end because of it.
  never_notified.wait_for(lock, done, limit, [&] { return done.stop_requested(); });
  return done.stop_requested();
}

}  // namespace cancelkit_testing
