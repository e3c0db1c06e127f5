// The error category of the causes the server gives a request's context (ErrClientGone,
// ErrServerClosed, ErrStreamReset).
#include <string>
#include <system_error>

#include "http/server.h"

namespace http {
namespace {

class ServerCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "http.server"; }
  std::string message(int value) const override {
    switch (static_cast<server_errc>(value)) {
      case server_errc::client_gone:
        return "client gone";
      case server_errc::server_closed:
        return "server closed";
      case server_errc::stream_reset:
        return "stream reset";
    }
    return "unknown server error";
  }
  // Each is a cancellation: code that only asks "was it cancelled?" need not know them.
  std::error_condition default_error_condition(int) const noexcept override {
    return std::errc::operation_canceled;
  }
};

}  // namespace

const std::error_category& server_category() noexcept {
  static const ServerCategory category;
  return category;
}

}  // namespace http
