// The handler's two chores, written once so that server.cpp shows only what this chapter is
// about: reading the user id from the target, and turning the service's answer into a response.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "context/context.h"
#include "http/response_writer.h"
#include "user_store.h"

namespace tutorial {

// 7 for "/users/7"; std::nullopt for anything that is not /users/<a positive number>.
std::optional<std::int64_t> UserIdFromTarget(std::string_view target);

// Writes the response for `user` and returns the outcome, for the audit log: "200", "404",
// "500", "504", or "client gone". `request_ctx` must be the request's own context, r.Context():
// once it is done, the client has left (or the server is stopping) and nothing is written. A
// deadline the handler set itself is not the client leaving: that is a 504.
std::string Respond(http::ResponseWriter& w, const context::Context& request_ctx,
                    const std::expected<std::optional<User>, std::error_code>& user);

}  // namespace tutorial
