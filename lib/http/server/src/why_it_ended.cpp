#include "http/why_it_ended.h"

#include <system_error>

#include "http/server.h"

namespace http {

std::string WhyItEnded(const context::Context& ctx) {
  const std::error_code cause = context::Cause(ctx);
  if (!cause) return "answered";
  if (cause == ErrClientGone) return "client gone";
  if (cause == ErrStreamReset) return "stream reset";
  if (cause == ErrServerClosed) return "server shutting down";
  if (cause == context::DeadlineExceeded) return "deadline exceeded";
  return "cancelled (" + cause.message() + ")";
}

}  // namespace http
