// Where the server gets its data: chapter 3's Store, unchanged. Fetch stops by itself when the
// context it is given is done, and says why in its error.
#pragma once

#include <expected>
#include <string>
#include <system_error>

#include "context/context.h"

namespace tutorial {

class Store {
 public:
  virtual ~Store() = default;

  // The data to send back to the client, or an error: ctx.Err() if ctx was done before the data
  // was ready, or the store's own failure (its database is down, its own deadline passed...).
  virtual std::expected<std::string, std::error_code> Fetch(const context::Context& ctx) = 0;
};

}  // namespace tutorial
