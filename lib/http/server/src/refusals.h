// What the adapter answers when it refuses or cuts off a request, before or instead of the
// handler.
#pragma once

#include <httplib.h>

#include <string_view>

#include "served_connection.h"

namespace http::detail {

// What a connection gets when the server stops before its request could be served.
inline constexpr std::string_view kStoppingAnswer =
    "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

// What a connection gets when its head did not arrive whole within header_timeout.
inline constexpr std::string_view kHeadTooSlowAnswer =
    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

// Closes a connection whose client may still be sending (a refused body): first our side only,
// then a short, bounded wait for the client to finish, discarding what it sends. Closing at once
// with unread bytes would make the kernel reset the connection, and a reset can destroy the
// answer before the client reads it. Go's server does the same (its rstAvoidanceDelay).
void CloseAfterRefusal(int fd);

// Answers `status` and marks the connection to be closed once the answer is written, with the
// client's body perhaps unread.
void Refuse(httplib::Response& out, int status, ServedConnection* connection);

}  // namespace http::detail
