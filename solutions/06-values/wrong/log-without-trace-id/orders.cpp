// wrong turn [plain]: an order book that writes its log line without the caller's context
// The answer is right, but the log line says "trace=-": the one thing the context was for, tying
// this line to its request, is lost. Pass the ctx you were given to everything below you.
#include "orders.h"

#include <string>

namespace tutorial {

std::vector<std::string> OrderBook::Orders(const context::Context& ctx, UserId user) const {
  (void)ctx;
  auto orders = OrdersOf(user);
  log_.Write(context::Background(), "orders for user " + std::to_string(user.value) + ": " +
                                        std::to_string(orders.size()));
  return orders;
}

}  // namespace tutorial
