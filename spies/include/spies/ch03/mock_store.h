// spies::MockStore (chapter 3): the chapter's context-taking Store as a GoogleMock mock.
//
// Give its Fetch the behaviour of a store that honours the context with spies::SpellSlowly, and
// match the context by what it carries (spies/context_matchers.h), not by which object it is:
//
//   EXPECT_CALL(store, Fetch(spies::CarriesValue<spies::RequestId>("req-42")))
//       .WillOnce([](const context::Context& ctx) { return spies::SpellSlowly(ctx, "hi"); });
//
// In a test that cancels the request, SpellSlowlyUntilCancelled also fails the test if the
// context it was given is never done, that is, if it was not cancelled with the request.
#pragma once

#include <gmock/gmock.h>

#include <expected>
#include <string>
#include <system_error>
#include <utility>

#include "context/context.h"
#include "spies/spell_slowly.h"
#include "store.h"

namespace spies {

class MockStore : public tutorial::Store {
 public:
  MOCK_METHOD((std::expected<std::string, std::error_code>), Fetch, (const context::Context& ctx),
              (override));
};

// A Fetch action that spells `text` slowly, stops when its context is done, and fails the test if
// it never was: the request is cancelled long before the text is spelled, so a context cancelled
// with the request always stops it.
inline auto SpellSlowlyUntilCancelled(std::string text) {
  return [text = std::move(text)](const context::Context& ctx) {
    auto result = SpellSlowly(ctx, text);
    EXPECT_FALSE(result.has_value())
        << "Fetch spelled its whole answer: the context it was given was not cancelled with the "
           "request";
    return result;
  };
}

}  // namespace spies
