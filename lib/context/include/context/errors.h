// The two errors a context can end with, as std::error_code values of a "context" category.
//
//   if (ctx.Err() == context::Canceled) ...            // exact match
//   if (ctx.Err() == std::errc::timed_out) ...         // portable match: DeadlineExceeded
#pragma once

#include <system_error>

namespace context {

enum class errc {
  canceled = 1,           // Go: context.Canceled
  deadline_exceeded = 2,  // Go: context.DeadlineExceeded
};

const std::error_category& category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

// Compare equal to std::errc::operation_canceled.
inline const std::error_code Canceled = make_error_code(errc::canceled);
// Compare equal to std::errc::timed_out.
inline const std::error_code DeadlineExceeded = make_error_code(errc::deadline_exceeded);

}  // namespace context

template <>
struct std::is_error_code_enum<context::errc> : std::true_type {};
