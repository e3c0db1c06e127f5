// The HTTP methods and status codes the kit uses, named as in Go's net/http.
#pragma once

#include <string_view>

namespace http {

inline constexpr std::string_view MethodGet = "GET";
inline constexpr std::string_view MethodHead = "HEAD";
inline constexpr std::string_view MethodPost = "POST";
inline constexpr std::string_view MethodPut = "PUT";
inline constexpr std::string_view MethodDelete = "DELETE";

inline constexpr int StatusOK = 200;
inline constexpr int StatusCreated = 201;
inline constexpr int StatusAccepted = 202;
inline constexpr int StatusNoContent = 204;
inline constexpr int StatusBadRequest = 400;
inline constexpr int StatusNotFound = 404;
inline constexpr int StatusRequestTimeout = 408;
inline constexpr int StatusRequestEntityTooLarge = 413;
inline constexpr int StatusRequestHeaderFieldsTooLarge = 431;
inline constexpr int StatusInternalServerError = 500;
inline constexpr int StatusBadGateway = 502;
inline constexpr int StatusServiceUnavailable = 503;
inline constexpr int StatusGatewayTimeout = 504;

// The reason phrase of a status code ("OK", "Not Found"...), or "" for a code it does not know.
std::string_view StatusText(int status) noexcept;

}  // namespace http
