#include "context/detail/short_lock.h"

namespace context::detail {

namespace {

// Tells the processor this is a spin-wait: on x86, PAUSE lets the core's other hyperthread run
// and spares the pipeline flush when the awaited write arrives.
inline void CpuRelax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins before parking: about as long as a child list's critical section takes on another core
// (Go spins 4 times 30 PAUSEs before it parks).
constexpr int kSpins = 100;

}  // namespace

void ShortLock::LockContended() noexcept {
  for (int spin = 0; spin < kSpins; ++spin) {
    CpuRelax();
    State seen = state_.load(std::memory_order_relaxed);
    if (seen == kFree && state_.compare_exchange_weak(seen, kHeld, std::memory_order_acquire,
                                                      std::memory_order_relaxed)) {
      return;
    }
  }
  // Park. Whoever takes the lock from here on marks it as having sleepers, conservatively (it
  // cannot know whether others still sleep), so that every unlock until it is free wakes one.
  State seen = state_.exchange(kHeldWithSleepers, std::memory_order_acquire);
  while (seen != kFree) {
    state_.wait(kHeldWithSleepers, std::memory_order_relaxed);
    seen = state_.exchange(kHeldWithSleepers, std::memory_order_acquire);
  }
}

}  // namespace context::detail
