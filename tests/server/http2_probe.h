// What the HTTP/2 server's tests share: a handler whose requests a test can hold, release and
// watch, by name (spies::HeldCalls):
//
//   GET /hold/a    starts "a" and waits until the test releases it (then answers "a answered")
//                  or until its context is done (then answers nothing);
//   GET /hello     answers "hello, world" at once;
//   POST /echo     answers its body, and its X-Name header back as X-Echoed-Name;
//   GET /throw     throws.
#pragma once

#include <stdexcept>
#include <string>

#include "http/handler.h"
#include "http/status.h"
#include "spies/held_calls.h"

namespace server_test {

class StreamProbe : public spies::HeldCalls {
 public:
  http::HandlerFunc Handler() {
    return [this](http::ResponseWriter& w, const http::Request& r) {
      if (r.target == "/hello") {
        w.Write("hello, world");
      } else if (r.target == "/echo") {
        w.Header().Set("X-Echoed-Name", r.header.Get("X-Name"));
        w.Write(r.body);
      } else if (r.target == "/throw") {
        throw std::runtime_error("a handler that fails");
      } else if (r.target.starts_with("/hold/")) {
        const std::string name = r.target.substr(6);
        if (Hold(r.Context(), name)) w.Write(name + " answered");
      } else {
        w.WriteHeader(http::StatusNotFound);
      }
    };
  }
};

}  // namespace server_test
