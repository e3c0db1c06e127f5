// wrong turn [plain]: a user that the middleware puts in the context, preferred to the parameter
// See middleware.cpp of this turn: the user a caller asks about is overruled by whatever user the
// context carries, so the answer depends on where the context came from, not on the call.
#include "orders.h"

#include <string>

namespace tutorial {

struct CurrentUser {
  using type = UserId;
};

std::vector<std::string> OrderBook::Orders(const context::Context& ctx, UserId user) const {
  const UserId* from_context = ctx.Value<CurrentUser>();
  const UserId who = from_context ? *from_context : user;
  auto orders = OrdersOf(who);
  log_.Write(ctx,
             "orders for user " + std::to_string(who.value) + ": " + std::to_string(orders.size()));
  return orders;
}

}  // namespace tutorial
