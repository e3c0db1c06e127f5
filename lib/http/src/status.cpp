#include "http/status.h"

namespace http {

std::string_view StatusText(int status) noexcept {
  switch (status) {
    case StatusOK:
      return "OK";
    case StatusCreated:
      return "Created";
    case StatusAccepted:
      return "Accepted";
    case StatusNoContent:
      return "No Content";
    case StatusBadRequest:
      return "Bad Request";
    case StatusNotFound:
      return "Not Found";
    case StatusRequestTimeout:
      return "Request Timeout";
    case StatusRequestEntityTooLarge:
      return "Request Entity Too Large";
    case StatusRequestHeaderFieldsTooLarge:
      return "Request Header Fields Too Large";
    case StatusInternalServerError:
      return "Internal Server Error";
    case StatusBadGateway:
      return "Bad Gateway";
    case StatusServiceUnavailable:
      return "Service Unavailable";
    case StatusGatewayTimeout:
      return "Gateway Timeout";
    default:
      return "";
  }
}

}  // namespace http
