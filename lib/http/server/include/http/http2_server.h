// http::Http2Server: serves the same http::HandlerFunc as http::Server, over HTTP/2, with
// Debian's libnghttp2 underneath.
//
//   http::Http2Server server(Server(store), {.port = 8080});
//   server.Start();     // curl --http2-prior-knowledge http://127.0.0.1:8080/
//   ...
//   server.Shutdown();  // GOAWAY to every client, cancels what runs, waits for it
//
// It speaks cleartext HTTP/2 with prior knowledge ("h2c": the client starts with HTTP/2's
// connection preface, as `curl --http2-prior-knowledge`, `nghttp` and `h2load` do); no TLS.
//
// One connection carries many requests at once, each on its own stream, so the cancellations
// of http::Server become per stream. Each request's Context() comes from its connection's
// StreamContexts (stream_contexts.h; chapter 8 writes one), made from the connection's context
// (the conn_context hook, as Go's ConnContext), which derives from the server's base context.
// With the default StreamContexts, a request's context is cancelled
//   1. when the client resets that stream (RST_STREAM), which is how browsers, gRPC and other
//      HTTP/2 clients cancel one request: context::Cause() is ErrStreamReset, and the other
//      streams of the connection go on;
//   2. when the connection closes, or the client gives up on it (GOAWAY with an error code):
//      every stream on it, ErrClientGone. A GOAWAY without an error only says the client opens
//      no new stream: those it opened are answered;
//   3. when the handler returns (Cause: context::Canceled);
//   4. when the server shuts down: ErrServerClosed, as with http::Server.
//
// A stream reset before its handler started never starts it: that is what keeps a "Rapid Reset"
// client (CVE-2023-44487: open a stream, reset it at once, again and again) from making the
// server start work nobody waits for. libnghttp2 itself closes a connection that resets more
// than 1,000 streams in a burst (33 per second after that).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "context/context.h"
#include "http/handler.h"
#include "http/server.h"  // ConnInfo, ErrClientGone, ErrServerClosed, ErrStreamReset
#include "http/stream_contexts.h"

namespace http {

struct Http2ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (Start() returns the one it got)

  // The most handlers running at once, for all connections together. A stream whose request is
  // complete waits for a free one; a stream reset while it waits is dropped without running.
  std::size_t handler_threads = 64;
  // The most connections served at once, each on a thread of its own that reads and writes its
  // frames. The next ones are closed as soon as they are accepted.
  std::size_t max_connections = 256;
  // SETTINGS_MAX_CONCURRENT_STREAMS: the streams one client may have open at once. libnghttp2
  // refuses the ones beyond (RST_STREAM REFUSED_STREAM), so this bounds the work a connection
  // can queue.
  std::uint32_t max_concurrent_streams = 100;
  // The largest request body accepted; a longer one is answered 413 at once.
  std::size_t max_body_bytes = std::size_t{8} << 20;
  // The largest request head (all header fields, pseudo ones included); a longer one resets
  // the stream.
  std::size_t max_header_bytes = std::size_t{64} << 10;
  // A connection with no open stream for this long is sent GOAWAY and closed (it also bounds
  // how long a client may take to send its connection preface).
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(5)};
  // A connection whose client reads none of what it is sent for this long is closed: its socket
  // takes no more bytes, or its flow-control window holds every answer back (no WINDOW_UPDATE).
  std::chrono::milliseconds write_timeout{std::chrono::seconds(5)};

  // Go's BaseContext and ConnContext, as in ServerOptions.
  std::function<context::Context()> base_context;
  std::function<context::Context(const context::Context& base, const ConnInfo& connection)>
      conn_context;
  // How each connection gives its streams their contexts (default: http::NewStreamContexts).
  // Called once per connection, with the connection's context, on the thread serving it.
  std::function<std::unique_ptr<StreamContexts>(const context::Context& connection)>
      stream_contexts;
};

// What a server has seen since Start(), for metrics and benchmarks.
struct Http2Counts {
  std::uint64_t connections = 0;       // accepted and served
  std::uint64_t streams = 0;           // requests begun (HEADERS received)
  std::uint64_t resets = 0;            // streams the client reset before their answer
  std::uint64_t handlers_started = 0;  // handlers called (a reset stream's may never be)
};

class Http2Server {
 public:
  explicit Http2Server(HandlerFunc handler, Http2ServerOptions options = {});
  // Shuts down (see Shutdown) and waits until every handler has returned and every connection's
  // thread has ended.
  ~Http2Server();
  Http2Server(const Http2Server&) = delete;
  Http2Server& operator=(const Http2Server&) = delete;

  // Binds, listens and serves on background threads; returns the port it listens on. Call once.
  std::expected<int, std::error_code> Start();

  // Stops accepting, sends GOAWAY on every connection (so clients open no new stream there),
  // cancels every running request (ErrServerClosed), sends the answers the handlers give (503
  // for one that wrote nothing), and closes each connection once its streams are done. Returns
  // an empty error_code when all of that finished, or ctx.Err() as soon as `ctx` is done: the
  // rest then goes on in the background, and the destructor waits for it.
  std::error_code Shutdown(const context::Context& ctx = context::Background());

  // Safe to call at any time, from any thread.
  Http2Counts Counts() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http
