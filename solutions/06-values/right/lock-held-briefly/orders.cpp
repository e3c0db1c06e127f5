// right turn: an order book that copies the user's orders under its own lock and logs after it
// Instead of the OrdersOf() helper, Orders takes the mutex itself, just long enough to copy the
// list, and writes the log line once the lock is released, so a slow log never holds up Add().
#include "orders.h"

#include <mutex>
#include <string>

namespace tutorial {

std::vector<std::string> OrderBook::Orders(const context::Context& ctx, UserId user) const {
  std::vector<std::string> orders;
  {
    const std::scoped_lock lock(mutex_);
    if (const auto found = orders_.find(user); found != orders_.end()) orders = found->second;
  }
  std::string line = "orders for user ";
  line += std::to_string(user.value);
  line += ": ";
  line += std::to_string(orders.size());
  log_.Write(ctx, line);
  return orders;
}

}  // namespace tutorial
