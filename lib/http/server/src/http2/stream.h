// One HTTP/2 stream of a connection: a request as it arrives, then its handler's answer.
//
// Who touches what: the connection's thread fills the request part and reads the answer part
// once the handler has posted it (Http2Connection::Answered, under the connection's mutex); the
// worker running the handler reads the request and writes the answer. Neither touches the other
// part meanwhile, so the fields need no lock of their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "../buffered_response_writer.h"
#include "context/context.h"
#include "handler_pool.h"
#include "http/header.h"
#include "http/request.h"

namespace http::detail {

struct Http2Stream {
  explicit Http2Stream(std::int32_t id) : id(id) {}

  const std::int32_t id;

  // The request, as its frames arrive (the connection's thread).
  std::string method;
  std::string target;
  http::Header header;
  std::string body;
  std::size_t header_bytes = 0;
  std::optional<int> refusal;  // a status the server answers itself (413, 431): no handler

  // Once the request is complete and queued (the connection's thread).
  Request request;
  bool opened = false;  // its context came from the connection's StreamContexts
  std::optional<HandlerPool::JobId> job;

  // The handler's answer (the worker), then how much of its body was sent (the connection).
  HandlerAnswer answer;
  std::size_t body_sent = 0;
  bool answered = false;  // a response was submitted: closing the stream now is no reset
};

}  // namespace http::detail
