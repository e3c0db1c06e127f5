// The lock of a cancel node's list of children. Not part of the API.
//
// What it guards takes a few pointer writes, but a parent that every request derives its
// context from (a server's base context) has it taken by every thread at once. std::mutex
// (glibc's default mutex) parks a thread that finds it taken at once, with a futex system call,
// and wakes it with another: for a lock held a few nanoseconds, the sleeping and waking cost far
// more than the wait. Go's sync.Mutex spins a little before it parks; this lock does the same.
// It is the classic three-state futex lock (Drepper, "Futexes Are Tricky", mutex 2), parked
// with std::atomic::wait, which is a futex on Linux.
#pragma once

#include <atomic>

namespace context::detail {

class ShortLock {
 public:
  ShortLock() = default;
  ShortLock(const ShortLock&) = delete;
  ShortLock& operator=(const ShortLock&) = delete;

  void lock() noexcept {
    State expected = kFree;
    if (state_.compare_exchange_strong(expected, kHeld, std::memory_order_acquire)) return;
    LockContended();
  }

  bool try_lock() noexcept {
    State expected = kFree;
    return state_.compare_exchange_strong(expected, kHeld, std::memory_order_acquire);
  }

  void unlock() noexcept {
    if (state_.exchange(kFree, std::memory_order_release) == kHeldWithSleepers) {
      state_.notify_one();
    }
  }

 private:
  enum State : int { kFree, kHeld, kHeldWithSleepers };

  void LockContended() noexcept;

  std::atomic<State> state_{kFree};
};

}  // namespace context::detail
