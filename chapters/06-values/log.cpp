#include "log.h"

#include "trace.h"

namespace tutorial {

void Log::Write(const context::Context& ctx, std::string_view message) {
  std::string line = "trace=" + TraceIdOf(ctx) + " ";
  line += message;
  const std::scoped_lock lock(mutex_);
  lines_.push_back(std::move(line));
}

std::vector<std::string> Log::Lines() const {
  const std::scoped_lock lock(mutex_);
  return lines_;
}

}  // namespace tutorial
