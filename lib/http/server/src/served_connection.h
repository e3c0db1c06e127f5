// What the adapter knows about the connection a worker thread serves, shared by the code that
// serves the connection (serve_connection.cpp) and the code that serves each of its requests
// (serve_request.cpp).
#pragma once

#include <cstddef>
#include <optional>

#include "connection_stream.h"
#include "context/context.h"
#include "hangup_watcher.h"

namespace http::detail {

// What the adapter keeps about the connection a worker serves. cpp-httplib serves a connection,
// from its first request to its last, as one job of our WorkerPool, which creates this when the
// job starts and destroys it when the job ends (after cpp-httplib has closed the socket). So the
// connection is identified once, by its first request, and every later keep-alive request costs
// no system call at all: no lookup, no re-check, and no epoll registration of its own.
struct ServedConnection {
  bool identified = false;
  context::Context context;  // base context + ConnContext
  // The socket, registered with the hang-up watcher; empty if not found or not TCP/IP.
  std::optional<HangupWatcher::Registration> registration;
  int fd = -1;
  std::size_t requests = 0;  // served so far
  bool gone = false;  // the client had reset the connection before its first request was served
  ConnectionStream* stream = nullptr;  // set while cpp-httplib serves it on our stream
  // The request just served ends the connection: it is closed once the answer is written, after
  // a short wait for the client to stop sending if part of its body may still be unread.
  bool close_after_response = false;
  bool body_unread = false;
};
// The connection the current thread serves, set by the pool's job runner.
inline thread_local ServedConnection* served_connection = nullptr;

}  // namespace http::detail
