// spies::MockUserStore (chapter 5): the service's UserStore as a GoogleMock mock, for the tests
// that look at the context the handler's work is given (its deadline, when it ends).
//
//   context::Context seen;
//   EXPECT_CALL(users, Get(_, 1)).WillOnce(DoAll(SaveArg<0>(&seen), Return(spies::Found(ada))));
#pragma once

#include <gmock/gmock.h>

#include <cstdint>
#include <expected>
#include <optional>
#include <ostream>
#include <system_error>
#include <utility>

#include "context/context.h"
#include "user_store.h"

namespace spies {

using UserLookup = std::expected<std::optional<tutorial::User>, std::error_code>;

class MockUserStore : public tutorial::UserStore {
 public:
  MOCK_METHOD(UserLookup, Get, (const context::Context& ctx, std::int64_t id), (override));
};

// What a store answers when it has the user.
inline UserLookup Found(tutorial::User user) {
  return std::optional(std::move(user));
}

}  // namespace spies

namespace tutorial {
// How GoogleMock prints a User in a failure message.
inline void PrintTo(const User& user, std::ostream* os) {
  *os << "User{" << user.id << ", \"" << user.name << "\"}";
}
}  // namespace tutorial
