// spies::MockStore (chapter 3): the chapter's context-taking Store as a GoogleMock mock.
//
// Give its Fetch the behaviour of a store that honours the context with spies::SpellSlowly:
//
//   EXPECT_CALL(store, Fetch(request.Context()))
//       .WillOnce([](const context::Context& ctx) { return spies::SpellSlowly(ctx, "hi"); });
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

}  // namespace spies
