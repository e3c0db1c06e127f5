#include "context/errors.h"

#include <string>

namespace context {
namespace {

class ContextCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "context"; }

  // Go's wording, so that logs read the same in both languages.
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::canceled:
        return "context canceled";
      case errc::deadline_exceeded:
        return "context deadline exceeded";
    }
    return "unknown context error";
  }

  // What makes `ctx.Err() == std::errc::timed_out` true.
  std::error_condition default_error_condition(int value) const noexcept override {
    switch (static_cast<errc>(value)) {
      case errc::canceled:
        return std::errc::operation_canceled;
      case errc::deadline_exceeded:
        return std::errc::timed_out;
    }
    return {value, *this};
  }
};

}  // namespace

const std::error_category& category() noexcept {
  static const ContextCategory instance;
  return instance;
}

}  // namespace context
