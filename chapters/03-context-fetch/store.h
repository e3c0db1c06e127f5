// Where the server gets its data. New in chapter 3: Fetch takes the caller's context and stops
// by itself when that context is done, so the store no longer needs a Cancel().
#pragma once

#include <expected>
#include <string>
#include <system_error>

#include "context/context.h"

namespace tutorial {

class Store {
 public:
  virtual ~Store() = default;

  // The data to send back to the client, or ctx.Err() if ctx was done before the data was ready.
  // Pass `ctx` on to anything Fetch calls that may take time.
  virtual std::expected<std::string, std::error_code> Fetch(const context::Context& ctx) = 0;
};

}  // namespace tutorial
