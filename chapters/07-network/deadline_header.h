// Request-Timeout-Ms: how a request's deadline travels to the service it calls.
//
//   Request-Timeout-Ms: 180        the caller gives up 180 ms from now
//
// The header carries the time left, never the deadline itself: the two machines' clocks differ
// (a steady clock's time points mean nothing on another machine, and wall clocks drift apart by
// more than a short timeout), while a duration means the same on both. The receiver starts its
// own clock when the request arrives; the time the request spent on the wire is the only error,
// and it makes the receiver's deadline a little later than the caller's, never earlier. gRPC's
// `grpc-timeout` header does the same.
//
// Whole milliseconds, rounded down so that the receiver never waits longer than the caller, and
// at least 1: "0" would mean "already over", and a caller with no time left sends nothing at all.
// No header means no deadline.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tutorial {

inline constexpr std::string_view kTimeoutHeader = "Request-Timeout-Ms";

// The header's value for `left`: its whole milliseconds, at least 1 and at most 999999999 (the
// most ParseTimeout reads: 9 digits, eleven days and a half).
std::string FormatTimeout(std::chrono::milliseconds left);

// std::nullopt for anything but 1-9 digits of a positive number (no sign, no spaces, no unit).
std::optional<std::chrono::milliseconds> ParseTimeout(std::string_view value);

}  // namespace tutorial
