// http::HandlerFunc: a function that answers one request, like Go's http.HandlerFunc.
//
//   http::HandlerFunc hello = [](http::ResponseWriter& w, const http::Request&) {
//     w.Write("hello, world");
//   };
//
// The handler may be called from several threads at once (one per request), so whatever it
// captures must be safe to share.
#pragma once

#include <functional>

#include "http/request.h"
#include "http/response_writer.h"
#include "http/status.h"

namespace http {

using HandlerFunc = std::function<void(ResponseWriter&, const Request&)>;

}  // namespace http
