// http::StreamContexts: how an HTTP/2 connection gives each of its requests a context of its own.
//
// One HTTP/2 connection carries many requests at once, one per stream. For each connection,
// Http2Server makes a StreamContexts from the connection's context (the conn_context hook's, which
// derives from the server's base context) and tells it what happens to the streams:
//
//   Open(id)          a request is complete on stream `id`: returns the context its handler gets;
//   Reset(id)         the client reset that stream (RST_STREAM) before it was answered;
//   Finished(id)      the handler of that stream has returned;
//   ConnectionGone()  the connection closed, or the client sent GOAWAY: every stream still open
//                     is for nobody now.
//
// Each opened stream gets at most one of Reset and Finished, and ConnectionGone is the last call
// of all. The calls come one at a time, from the connection's own thread (as Go's HTTP/2 server
// makes them from its serveConn goroutine), so an implementation needs no lock of its own.
// Chapter 8 writes one; NewStreamContexts below is the server's default.
#pragma once

#include <cstdint>
#include <memory>

#include "context/context.h"

namespace http {

class StreamContexts {
 public:
  virtual ~StreamContexts() = default;

  virtual context::Context Open(std::int32_t stream) = 0;
  virtual void Reset(std::int32_t stream) = 0;
  virtual void Finished(std::int32_t stream) = 0;
  virtual void ConnectionGone() = 0;

 protected:
  StreamContexts() = default;
  StreamContexts(const StreamContexts&) = default;
  StreamContexts& operator=(const StreamContexts&) = default;
};

// The default: each stream's context a child of the connection's, cancelled with ErrStreamReset
// on a reset, with context::Canceled when its handler returns, and with ErrClientGone (all of
// them at once) when the connection goes.
std::unique_ptr<StreamContexts> NewStreamContexts(const context::Context& connection);

}  // namespace http
