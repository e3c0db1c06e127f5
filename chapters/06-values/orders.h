// OrderBook: each user's orders. Orders() is chapter 6's second exercise (orders.cpp).
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "context/context.h"
#include "log.h"

namespace tutorial {

// Whose orders. A type of its own, not a bare integer: UserId{7} cannot be mistaken for an order
// number or a count, and a call that forgets it does not compile.
struct UserId {
  std::int64_t value = 0;
  friend auto operator<=>(const UserId&, const UserId&) = default;
};

class OrderBook {
 public:
  explicit OrderBook(Log& log) : log_(log) {}

  void Add(UserId user, std::string order) {
    const std::scoped_lock lock(mutex_);
    orders_[user].push_back(std::move(order));
  }

  // The orders of `user`, oldest first, and one log line saying how many there were.
  // `user` decides what comes back: it is a parameter. The context only informs: its trace id
  // goes into the log line.
  std::vector<std::string> Orders(const context::Context& ctx, UserId user) const;

 private:
  std::vector<std::string> OrdersOf(UserId user) const {
    const std::scoped_lock lock(mutex_);
    const auto found = orders_.find(user);
    return found == orders_.end() ? std::vector<std::string>{} : found->second;
  }

  Log& log_;
  mutable std::mutex mutex_;
  std::map<UserId, std::vector<std::string>> orders_;
};

}  // namespace tutorial
