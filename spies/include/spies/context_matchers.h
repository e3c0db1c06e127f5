// GoogleMock matchers for contexts: they check what a context carries, never which object it is.
//
// A handler may pass on the request's context or one derived from it (WithCancel, WithTimeout);
// both are right. What the store needs is a context that carries the request's values and is
// cancelled with the request. The first is checked here, on the argument:
//
//   EXPECT_CALL(store, Fetch(spies::CarriesValue<spies::RequestId>("req-42")));
//   EXPECT_THAT(spy.LastContext(), spies::CarriesValue<spies::RequestId>("req-42"));
//
// The second can only be seen over time, so it is checked by the store's behaviour: a Fetch that
// is given the context must stop when the request is cancelled (spies::SpyStore::GaveUp, and
// spies::SpellSlowlyUntilCancelled in spies/ch03/mock_store.h).
#pragma once

#include <gmock/gmock.h>

#include <ostream>
#include <string>
#include <utility>

#include "context/context.h"

namespace spies {

// A value key the tests put in a request's context, as a real server would put a request id.
struct RequestId {
  using type = std::string;
};

template <context::ValueKey Key>
class CarriesValueMatcher {
 public:
  using is_gtest_matcher = void;

  explicit CarriesValueMatcher(typename Key::type expected) : expected_(std::move(expected)) {}

  bool MatchAndExplain(const context::Context& ctx, std::ostream* os) const {
    const auto* value = ctx.Value<Key>();
    if (value == nullptr) {
      if (os != nullptr)
        *os << "which carries no such value: it was not derived from the request's";
      return false;
    }
    if (os != nullptr) *os << "which carries " << ::testing::PrintToString(*value);
    return *value == expected_;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "is a context carrying " << ::testing::PrintToString(expected_);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "is a context not carrying " << ::testing::PrintToString(expected_);
  }

 private:
  typename Key::type expected_;
};

// Matches a context in which ctx.Value<Key>() is `expected`.
template <context::ValueKey Key>
CarriesValueMatcher<Key> CarriesValue(typename Key::type expected) {
  return CarriesValueMatcher<Key>(std::move(expected));
}

}  // namespace spies
