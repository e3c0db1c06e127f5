// spies::MockStore (chapter 1): the chapter's Store as a GoogleMock mock.
//
//   spies::MockStore store;
//   EXPECT_CALL(store, Fetch()).WillOnce(::testing::Return("hello, world"));
#pragma once

#include <gmock/gmock.h>

#include <string>

#include "store.h"

namespace spies {

class MockStore : public tutorial::Store {
 public:
  MOCK_METHOD(std::string, Fetch, (), (override));
};

}  // namespace spies
