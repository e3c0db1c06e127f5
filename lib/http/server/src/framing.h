// Whether a request head says unambiguously how long its body is (RFC 9112 section 6.3).
//
// When two readings of a request's length are possible, a proxy in front of the server may take
// one and the server the other: the bytes one treats as a body, the other treats as a new
// request ("request smuggling"). cpp-httplib reads the first Content-Length it finds, parses
// "5x" as 5, and reads until the connection closes when Transfer-Encoding is anything but
// exactly "chunked". So the adapter checks every head before a byte of its body is read.
#pragma once

#include <httplib.h>

#include <cstddef>

namespace http::detail {

// 0 if the body's framing is unambiguous and its declared length at most `max_body_bytes`;
// otherwise the status to refuse it with (and then close the connection): 400 for
//   - Content-Length that is not a decimal number, or given twice with different values;
//   - Transfer-Encoding together with Content-Length, or given twice, or other than "chunked";
// 413 for a Content-Length above max_body_bytes.
int CheckFraming(const httplib::Headers& headers, std::size_t max_body_bytes);

// Whether the head announces a body: a Content-Length above 0, or a Transfer-Encoding.
bool DeclaresBody(const httplib::Headers& headers);

}  // namespace http::detail
