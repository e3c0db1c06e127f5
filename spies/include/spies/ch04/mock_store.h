// spies::MockStore (chapter 4): the chapter's Store as a GoogleMock mock, for the tests that give
// the handler a store's answer and read what the client receives:
//
//   EXPECT_CALL(store, Fetch(spies::NotDoneYet()))
//       .WillOnce(Return(std::unexpected(context::Canceled)));
//
// Waiting for a hang-up is the spy's job (chapter 4's server_test.cpp): a mock checks its calls
// when it is destroyed, and cannot tell a test when its Fetch started or how it ended.
#pragma once

#include <gmock/gmock.h>

#include <expected>
#include <string>
#include <system_error>

#include "context/context.h"
#include "store.h"

namespace spies {

class MockStore : public tutorial::Store {
 public:
  MOCK_METHOD((std::expected<std::string, std::error_code>), Fetch, (const context::Context& ctx),
              (override));
};

// Matches a context that is still live when the store is called: whatever the store answers, it
// was not because the request had already been cancelled.
MATCHER(NotDoneYet, std::string(negation ? "is done" : "is not done yet")) {
  return !arg.Err();
}

}  // namespace spies
