// spies::WatchedState: what a spy records on the server's threads and a test (or a benchmark)
// waits for on its own, with every wait bounded. The one "wait until the call starts / ends"
// that HandlerProbe, SpyProfileService and the hang-up benchmarks' probe share.
//
//   spies::WatchedState<int> started;
//   started.Update([](int& n) { ++n; });                              // in the handler
//   started.WaitUntil(5s, [](const int& n) { return n >= 1; });       // in the test
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>

namespace spies {

template <class State>
class WatchedState {
 public:
  // Changes the state under the lock, then wakes every waiter to look at it again.
  template <class Change>
  void Update(Change change) {
    {
      const std::scoped_lock lock(mutex_);
      change(state_);
    }
    changed_.notify_all();
  }

  // Whether `ready(state)` became true within `limit`.
  template <class Ready>
  bool WaitUntil(std::chrono::milliseconds limit, Ready ready) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return ready(std::as_const(state_)); });
  }

  // What `read(state)` returns, read under the lock.
  template <class Read>
  auto Get(Read read) {
    const std::scoped_lock lock(mutex_);
    return read(std::as_const(state_));
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  State state_{};
};

}  // namespace spies
