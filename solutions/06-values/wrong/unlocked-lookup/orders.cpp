// wrong turn [race]: an order book that reads its map without taking the lock Add() takes
// Handlers ask for orders on many threads while others add them. Reading orders_ outside the
// mutex races with Add(): a data race, and a std::map being rebalanced can hand back garbage.
// OrdersOf() copies the list under the lock; use it, or take the lock yourself.
#include "orders.h"

#include <string>

namespace tutorial {

std::vector<std::string> OrderBook::Orders(const context::Context& ctx, UserId user) const {
  const auto found = orders_.find(user);  // no lock
  auto orders = found == orders_.end() ? std::vector<std::string>{} : found->second;
  log_.Write(
      ctx, "orders for user " + std::to_string(user.value) + ": " + std::to_string(orders.size()));
  return orders;
}

}  // namespace tutorial
