// spies::MockStore (chapter 2): the chapter's Store as a GoogleMock mock, and spies::SlowFetch,
// the action that makes its Fetch slow, knows whether it is still running, and can be cut short.
//
//   spies::MockStore store;
//   spies::SlowFetch slow_fetch(100ms, "hello, world");  // after `store`: destroyed before it
//   EXPECT_CALL(store, Fetch()).WillOnce(slow_fetch.Action());
//   EXPECT_CALL(store, Cancel()).Times(0);   // checked when `store` goes out of scope
#pragma once

#include <gmock/gmock.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store.h"

namespace spies {

class MockStore : public tutorial::Store {
 public:
  MOCK_METHOD(std::string, Fetch, (), (override));
  MOCK_METHOD(void, Cancel, (), (override));
};

// A Fetch action for the mock: it takes `delay` (the slow work) and returns `response`, unless
// Interrupt() ends it sooner, as a store whose Cancel() works would. IsRunning() says whether a
// call is under way. Declare it after the mock: its destructor waits for a call a handler left
// running, and for the thread that made it to end, so that the test fails (see IsRunning)
// instead of the program. (A thread that never ends, a pool's, would make that wait a hang.)
class SlowFetch {
 public:
  SlowFetch(std::chrono::milliseconds delay, std::string response)
      : delay_(delay), response_(std::move(response)) {}
  SlowFetch(const SlowFetch&) = delete;
  SlowFetch& operator=(const SlowFetch&) = delete;
  ~SlowFetch() {
    std::unique_lock lock(state_->mutex);
    state_->changed.wait(lock, [this] { return state_->running == 0 && state_->threads == 0; });
  }

  std::function<std::string()> Action() {
    return [state = state_, delay = delay_, response = response_,
            test_thread = std::this_thread::get_id()] {
      std::unique_lock lock(state->mutex);
      ++state->running;
      if (std::this_thread::get_id() != test_thread) {
        // Another thread: it is done with the mock only once it ends.
        ++state->threads;
        thread_local ThreadEnd thread_end;
        thread_end.states.push_back(state);
      }
      // The slow work, cut short by Interrupt(): a timed wait, not a way to wait for a thread.
      state->changed.wait_for(lock, delay, [&state] { return state->interrupted; });
      --state->running;
      ++state->returned;
      state->changed.notify_all();
      return response;
    };
  }

  void Interrupt() {
    std::lock_guard lock(state_->mutex);
    state_->interrupted = true;
    state_->changed.notify_all();
  }

  // Whether a call has returned: a Cancel() after that comes too late to save any work. (A
  // Cancel() before the fetching thread even started its call is not late.)
  bool HasReturned() const {
    std::lock_guard lock(state_->mutex);
    return state_->returned > 0;
  }

  bool IsRunning() const {
    std::lock_guard lock(state_->mutex);
    return state_->running > 0;
  }

 private:
  // Shared with the actions, so that a thread left running never touches a dead object.
  struct State {
    std::mutex mutex;
    std::condition_variable changed;
    int running = 0;   // calls under way
    int returned = 0;  // calls that have returned
    int threads = 0;   // threads other than the test's that made a call and have not ended
    bool interrupted = false;
  };
  // Destroyed when the thread that owns it ends: tells each SlowFetch it called that it has.
  struct ThreadEnd {
    std::vector<std::shared_ptr<State>> states;
    ~ThreadEnd() {
      for (const auto& state : states) {
        std::lock_guard lock(state->mutex);
        --state->threads;
        state->changed.notify_all();
      }
    }
  };

  const std::chrono::milliseconds delay_;
  const std::string response_;
  const std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace spies
