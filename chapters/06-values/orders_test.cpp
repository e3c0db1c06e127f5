// Chapter 6, part 2: whose orders is a parameter; the context only carries the trace id.
#include "orders.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "context/context.h"
#include "log.h"
#include "trace.h"

namespace {

using Lines = std::vector<std::string>;
using tutorial::UserId;

// The compiler is the test: a call that does not say whose orders it wants does not compile.
// With the user in a context value, Orders(ctx) compiled, and silently answered "no orders".
template <class Book>
concept CanBeAskedWithoutAUser = requires(const Book& book, const context::Context& ctx) {
  book.Orders(ctx);
};
static_assert(!CanBeAskedWithoutAUser<tutorial::OrderBook>,
              "Orders must take the user as a parameter");

// Nor does a bare number pass for a user: a UserId must be spelled out.
template <class Book>
concept TakesAnyIntegerForAUser = requires(const Book& book, const context::Context& ctx) {
  book.Orders(ctx, 7);
};
static_assert(!TakesAnyIntegerForAUser<tutorial::OrderBook>,
              "a user id is a UserId, not any integer");

class Orders : public ::testing::Test {
 protected:
  void SetUp() override {
    book.Add(UserId{7}, "a keyboard");
    book.Add(UserId{7}, "a mouse");
    book.Add(UserId{8}, "a monitor");
  }
  tutorial::Log log;
  tutorial::OrderBook book{log};
};

TEST_F(Orders, ListsTheOrdersOfTheUserItIsAskedAbout) {
  EXPECT_EQ(book.Orders(context::Background(), UserId{7}), (Lines{"a keyboard", "a mouse"}))
      << "nothing but the user parameter says whose orders these are";
  EXPECT_EQ(book.Orders(context::Background(), UserId{8}), Lines{"a monitor"});
}

TEST_F(Orders, ItsLogLineCarriesTheTraceIdOfTheContext) {
  const auto ctx = context::WithValue<tutorial::TraceId>(context::Background(), "4f1c0d2a");

  (void)book.Orders(ctx, UserId{7});

  EXPECT_EQ(log.Lines(), Lines{"trace=4f1c0d2a orders for user 7: 2"});
}

TEST_F(Orders, WorksWithoutATraceId) {
  (void)book.Orders(context::Background(), UserId{99});

  EXPECT_EQ(log.Lines(), Lines{"trace=- orders for user 99: 0"})
      << "a missing value that only informs changes nothing but the log";
}

TEST_F(Orders, CanBeAskedWhileOrdersAreAdded) {
  // Handlers ask for orders on many threads while others add them.
  constexpr int kAdded = 300;
  bool kept_in_order = true;
  {
    std::jthread adding([this] {
      for (int i = 0; i < kAdded; ++i) book.Add(UserId{9}, "order " + std::to_string(i));
    });
    for (int i = 0; i < kAdded; ++i) {
      const Lines seen = book.Orders(context::Background(), UserId{9});
      for (std::size_t n = 0; n < seen.size(); ++n) {
        if (seen[n] != "order " + std::to_string(n)) kept_in_order = false;
      }
    }
  }

  EXPECT_TRUE(kept_in_order) << "an answer read while orders were added was not a list of them";
  EXPECT_EQ(book.Orders(context::Background(), UserId{9}).size(), std::size_t{kAdded});
}

}  // namespace
