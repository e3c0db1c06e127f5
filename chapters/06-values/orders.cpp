// Chapter 6, the exercise (part 2): a required argument smuggled through the context.
//
// Orders() used to be Orders(ctx) alone: the handler put the user into the context with
// context::WithValue<CurrentUser>, and Orders took it out again. The signature has since gained
// a `user` parameter; the body has not caught up. See README.md.
#include "orders.h"

#include <string>

namespace tutorial {
namespace {

// The old way in: a context value that every caller had to remember to set.
struct CurrentUser {
  using type = UserId;
};

}  // namespace

std::vector<std::string> OrderBook::Orders(const context::Context& ctx, UserId user) const {
  (void)user;  // TODO: this is the user the caller asks about
  const UserId* current = ctx.Value<CurrentUser>();
  if (current == nullptr) {  // a caller forgot to put the user into the context...
    log_.Write(ctx, "orders for nobody: 0");
    return {};  // ...and gets "no orders": no error, no warning, just a wrong answer
  }
  auto orders = OrdersOf(*current);
  log_.Write(ctx, "orders for user " + std::to_string(current->value) + ": " +
                      std::to_string(orders.size()));
  return orders;
}

}  // namespace tutorial
