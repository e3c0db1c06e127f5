// spies::CancelAfter: calls a CancelFunc after a delay, the way the Go tutorial uses
// time.AfterFunc(5*time.Millisecond, cancel) to play a user who gives up on a request.
//
//   auto [cancelling_ctx, cancel] = context::WithCancel(request.Context());
//   const spies::CancelAfter cancel_soon(5ms, cancel);
//
// No thread of its own: it arms a context::WithTimeout on the library's shared timer and hangs
// the cancel on it with context::AfterFunc. Leaving scope disarms it if it has not fired yet.
#pragma once

#include <chrono>
#include <utility>

#include "context/context.h"

namespace spies {

class CancelAfter {
 public:
  CancelAfter(std::chrono::milliseconds delay, context::CancelFunc cancel);
  CancelAfter(const CancelAfter&) = delete;
  CancelAfter& operator=(const CancelAfter&) = delete;
  ~CancelAfter();

 private:
  CancelAfter(std::pair<context::Context, context::CancelFunc> timer, context::CancelFunc cancel);

  context::Context timer_;          // done `delay` after construction
  context::CancelFunc stop_timer_;  // releases the timer early
  context::StopFunc disarm_;        // unhooks `cancel` from the timer
};

}  // namespace spies
