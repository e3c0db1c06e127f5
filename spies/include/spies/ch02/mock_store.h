// spies::MockStore (chapter 2): the chapter's Store as a GoogleMock mock, and the action that
// makes its Fetch as slow as SpyStore's.
//
//   spies::MockStore store;
//   EXPECT_CALL(store, Fetch()).WillOnce(spies::ReturnAfter(100ms, "hello, world"));
//   EXPECT_CALL(store, Cancel()).Times(0);   // checked when `store` goes out of scope
#pragma once

#include <gmock/gmock.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "store.h"

namespace spies {

class MockStore : public tutorial::Store {
 public:
  MOCK_METHOD(std::string, Fetch, (), (override));
  MOCK_METHOD(void, Cancel, (), (override));
};

// An action for Fetch(): waits `delay` (the slow work), then returns `response`.
inline auto ReturnAfter(std::chrono::milliseconds delay, std::string response) {
  return [delay, response = std::move(response)] {
    std::this_thread::sleep_for(delay);
    return response;
  };
}

}  // namespace spies
