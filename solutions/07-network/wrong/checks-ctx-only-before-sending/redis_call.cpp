// wrong turn [plain]: a context checked before sending only, never while Redis is silent
#include "redis_call.h"

namespace redis {

std::expected<redis::Reply, std::error_code> Call(const context::Context& ctx,
                                                  redis::Connection& conn,
                                                  const std::vector<std::string>& args) {
  if (ctx.Err()) return std::unexpected(ctx.Err());
  return conn.Command(args);
}

}  // namespace redis
