// tutorial::Log: the server's log. Every line starts with the trace id of the context it was
// written with, so the lines of one request can be found among those of a thousand others:
//
//   trace=4f1c0d2a9b8e7f61 orders for user 7: 2
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "context/context.h"

namespace tutorial {

class Log {
 public:
  void Write(const context::Context& ctx, std::string_view message);
  // Every line written so far, oldest first.
  std::vector<std::string> Lines() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace tutorial
