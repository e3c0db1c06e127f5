#include "trace.h"

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>

namespace tutorial {

std::string NewTraceId() {
  static std::mutex mutex;
  static std::mt19937_64 random{std::random_device{}()};
  std::uint64_t bits = 0;
  {
    const std::scoped_lock lock(mutex);  // handlers run on many threads at once
    bits = random();
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits));
  return hex;
}

std::string TraceIdOf(const context::Context& ctx) {
  const std::string* id = ctx.Value<TraceId>();
  return id ? *id : "-";
}

}  // namespace tutorial
