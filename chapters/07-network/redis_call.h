// Call: where a context meets Redis. Chapter 7's Redis exercise (redis_call.cpp).
#pragma once

#include <expected>
#include <string>
#include <system_error>
#include <vector>

#include "context/context.h"
#include "redis.h"

namespace redis {

// Sends one command on `conn` and waits for its reply, for no longer than `ctx` lives.
// ctx already done: returns ctx.Err() without sending anything.
// ctx's deadline becomes the connection's timeout for this call; when it passes, the call
// returns context::DeadlineExceeded (ctx.Err()), not a socket timeout.
// ctx cancelled while the call waits: the call returns ctx.Err() within milliseconds (a
// std::stop_callback on ctx.Done() shuts the socket down).
// Whenever the call ends without the reply to a command it sent, conn is marked broken.
std::expected<redis::Reply, std::error_code> Call(const context::Context& ctx,
                                                  redis::Connection& conn,
                                                  const std::vector<std::string>& args);

}  // namespace redis
