// The chapter's front server: GET /profiles/<name> answers with that profile, from the Redis
// cache when it holds it, and otherwise from the profile service upstream (then caches it).
// Every call it makes, to Redis and upstream, takes the request's context: a client that hangs
// up, a request that runs out of time and a server that shuts down all stop them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http/handler.h"
#include "redis.h"

namespace tutorial {

// Where the server's data comes from.
struct Backends {
  redis::Pool& cache;         // must outlive the handler
  std::string upstream_host;  // the profile service
  int upstream_port = 0;
};

// A handler that gives each request's work at most `request_timeout` (the deadline travels to
// the profile service with the call) and answers a failure with RespondToFailure (respond.h).
http::HandlerFunc Server(Backends backends, std::chrono::milliseconds request_timeout);

// "ada" for "/profiles/ada"; nullopt for any other target. Names are 1 to 64 lowercase letters,
// digits or '-', so that they can go into a Redis key and an upstream URL as they are.
std::optional<std::string> ProfileNameFromTarget(std::string_view target);

// The key under which Redis keeps a profile, and how long it keeps it.
std::string CacheKey(std::string_view name);
inline constexpr std::chrono::seconds kCacheLifetime{60};

}  // namespace tutorial
