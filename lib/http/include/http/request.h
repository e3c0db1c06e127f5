// http::Request: what a handler receives, like Go's *http.Request.
//
// A request carries a context::Context. It is Background() unless someone gave it another one:
// the server adapter gives each request a context that is cancelled when the client goes away,
// and a test derives one (WithCancel, WithTimeout...) and attaches it with WithContext.
#pragma once

#include <iosfwd>
#include <string>
#include <utility>

#include "context/context.h"
#include "http/header.h"

namespace http {

class Request {
 public:
  Request() = default;
  Request(std::string method, std::string target, context::Context ctx = {})
      : method(std::move(method)), target(std::move(target)), context_(std::move(ctx)) {}

  std::string method;  // "GET", "POST"... (see http::MethodGet and friends)
  std::string target;  // the request target as sent: path and query, e.g. "/users?id=7"
  http::Header header;
  std::string body;

  // The request's context: done when the request is cancelled (by the client, a deadline, or the
  // server shutting down). Pass it to everything the handler calls that may take time.
  const context::Context& Context() const noexcept { return context_; }

  // A copy of this request that carries `ctx` instead. The original is left untouched, as in Go,
  // so code that still holds it keeps seeing the context it had.
  Request WithContext(context::Context ctx) const {
    Request copy = *this;
    copy.context_ = std::move(ctx);
    return copy;
  }

 private:
  context::Context context_;  // Background() by default
};

// How GoogleTest and GoogleMock print a request (found by ADL), instead of its raw bytes:
// "POST /orders, 6-byte body (Context{done: context canceled; WithCancel <- Background})".
void PrintTo(const Request& request, std::ostream* os);

}  // namespace http
