// Where the server gets its data: chapter 4's Store, asked for one named thing. Fetch stops by
// itself when the context it is given is done, and says why in its error.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "context/context.h"

namespace tutorial {

class Store {
 public:
  virtual ~Store() = default;

  // The data named `name`, or an error: ctx.Err() if ctx was done before the data was ready, or
  // the store's own failure.
  virtual std::expected<std::string, std::error_code> Fetch(const context::Context& ctx,
                                                            std::string_view name) = 0;
};

}  // namespace tutorial
