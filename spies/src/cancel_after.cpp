#include "spies/cancel_after.h"

namespace spies {

CancelAfter::CancelAfter(std::chrono::milliseconds delay, context::CancelFunc cancel)
    : CancelAfter(context::WithTimeout(context::Background(), delay), std::move(cancel)) {}

CancelAfter::CancelAfter(std::pair<context::Context, context::CancelFunc> timer,
                         context::CancelFunc cancel)
    : timer_(std::move(timer.first)),
      stop_timer_(std::move(timer.second)),
      disarm_(context::AfterFunc(timer_, std::move(cancel))) {}

CancelAfter::~CancelAfter() {
  // Disarm first: stopping the timer makes it done, which would otherwise run the cancel now.
  disarm_();
  stop_timer_();
}

}  // namespace spies
