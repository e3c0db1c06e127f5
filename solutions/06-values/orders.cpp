// Chapter 6, solved (part 2): the user is a parameter, and the context only informs.
//
// A value that decides what a function does (whose orders) belongs in its signature, where
// every caller must provide it and the compiler checks that they do. The context keeps what
// merely describes the request (its trace id, for the log line).
#include "orders.h"

#include <string>

namespace tutorial {

std::vector<std::string> OrderBook::Orders(const context::Context& ctx, UserId user) const {
  auto orders = OrdersOf(user);
  log_.Write(
      ctx, "orders for user " + std::to_string(user.value) + ": " + std::to_string(orders.size()));
  return orders;
}

}  // namespace tutorial
