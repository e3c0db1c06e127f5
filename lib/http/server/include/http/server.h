// http::Server: serves an http::HandlerFunc over real sockets, with cpp-httplib underneath.
//
//   http::Server server(Server(store), {.port = 8080});
//   server.Start();              // listens, and serves on its own threads
//   ...
//   server.Shutdown();           // stops accepting, cancels what runs, waits for it
//
// Like Go's net/http, each request's Context() is cancelled
//   1. when its client goes away while the handler runs: it closes the connection, half-closes
//      it (shutdown(SHUT_WR)), or resets it. A half-close counts as "gone" as in Go (nothing more
//      will come from that client, and most that do it have left), but what the handler writes
//      is still sent: a client that half-closes and waits gets its answer;
//   2. when the handler returns, so work that wrongly kept the request's context stops too;
//   3. when the server shuts down (here Go differs: its Shutdown waits without cancelling).
// Err() of a cancelled request's context is context::Canceled, as in Go; context::Cause() says
// which of the three it was: ErrClientGone, ErrServerClosed (both below) or, once the handler has
// returned, context::Canceled itself.
// Requests a client sends without waiting for the answers (pipelining) are answered in order.
// A request's context derives from a server-wide base context and a per-connection context, which
// the hooks base_context and conn_context let you shape, as Go's BaseContext and ConnContext do.
//
// How a hang-up is noticed (cpp-httplib gives a handler no access to its connection): the adapter
// finds the connection's socket from the request's two addresses, and one shared epoll thread
// watches the sockets of all running requests. Linux only. A peer that vanishes without a FIN or
// a reset (a cable pulled out) is seen by no one until TCP gives up: enable tcp_keepalive for that.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "context/context.h"
#include "http/handler.h"

namespace http {

// Why the server cancelled a request's context, as context::Cause(r.Context()) reports it:
//
//   if (context::Cause(r.Context()) == http::ErrClientGone) ...   // nobody reads the answer
//
// Both compare equal to std::errc::operation_canceled, like context::Canceled.
enum class server_errc {
  client_gone = 1,    // the client closed, half-closed or reset its connection
  server_closed = 2,  // Shutdown() (Go's http.ErrServerClosed)
  stream_reset = 3,   // HTTP/2 only: the client reset this request's stream (http2_server.h)
};

const std::error_category& server_category() noexcept;

inline std::error_code make_error_code(server_errc e) noexcept {
  return {static_cast<int>(e), server_category()};
}

// The client hung up while its request was being handled (or before it started).
inline const std::error_code ErrClientGone = make_error_code(server_errc::client_gone);
// The server is shutting down: Shutdown() cancelled every running request.
inline const std::error_code ErrServerClosed = make_error_code(server_errc::server_closed);
// HTTP/2: the client reset this request's stream (RST_STREAM); its connection lives on.
inline const std::error_code ErrStreamReset = make_error_code(server_errc::stream_reset);

// Both ends of a connection, as a per-connection hook sees them.
struct ConnInfo {
  std::string remote_addr;
  int remote_port = 0;
  std::string local_addr;
  int local_port = 0;
};

// Probes that make a silently vanished peer a reset connection, in idle + probes * interval.
struct TcpKeepAlive {
  std::chrono::seconds idle{30};
  std::chrono::seconds interval{5};
  int probes = 3;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (Start() returns the one it got)

  // The most threads serving connections at once: one per open connection (keep-alive ones
  // included), so this is also how many clients are served at once; the next ones wait for a
  // free thread. Threads are started as connections need them, not all at Start(). The head
  // deadline below frees a thread held by a slow client, but only after it passes: a flood of
  // slow clients is held off only if this is well above their number.
  std::size_t worker_threads = 1024;
  // Connections the kernel queues before they are accepted (cpp-httplib's built-in value is 5:
  // a burst of clients beyond it waits for SYN retries, a second or more).
  int listen_backlog = 1024;
  // Go's ReadHeaderTimeout: the whole request head (request line and header fields) must arrive
  // within this, counted from the connection's start for its first request and from the first
  // byte for the next ones. A client that sends its head a line at a time cannot hold a thread
  // longer. The connection is then closed without an answer.
  std::chrono::milliseconds header_timeout{std::chrono::seconds(5)};
  // Go's IdleTimeout: how long an idle keep-alive connection waits for its next request.
  std::chrono::milliseconds keep_alive_timeout{std::chrono::seconds(5)};
  // Go's ReadTimeout, for the body: the whole request body must arrive within this, counted from
  // the end of its head. A client that sends its body a few bytes at a time (never letting
  // read_timeout pass) is answered 408 and its connection closed.
  std::chrono::milliseconds body_timeout{std::chrono::seconds(30)};
  // How long one read of a request's body may wait for bytes, and one write of the response for
  // room in the socket's buffer.
  std::chrono::milliseconds read_timeout{std::chrono::seconds(5)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(5)};
  // The largest request body accepted (Go's MaxBytesReader, which servers add by hand). A longer
  // one is answered 413 and its connection closed, without reading the rest: a declared
  // Content-Length is checked before a byte of the body is read, a chunked body as it arrives.
  std::size_t max_body_bytes = std::size_t{8} << 20;
  // Requests served on one keep-alive connection before the server closes it (the client then
  // opens a new one). Go sets no limit; cpp-httplib's own default is 5, which makes clients
  // reconnect often and the adapter find each new connection's socket again.
  std::size_t max_requests_per_connection = 100;
  std::optional<TcpKeepAlive> tcp_keepalive;

  // Go's BaseContext: the context every request derives from (default Background()). Called
  // once, by Start().
  std::function<context::Context()> base_context;
  // Go's ConnContext: derives a connection's context from the base one, e.g. to add values
  // (WithValue) about the connection. Called once per connection, on the thread serving it.
  std::function<context::Context(const context::Context& base, const ConnInfo& connection)>
      conn_context;
};

class Server {
 public:
  explicit Server(HandlerFunc handler, ServerOptions options = {});
  // Shuts down (see Shutdown) and waits until every handler has returned. Connections waiting
  // for a request or in the middle of one are woken at once, so only a handler that ignores its
  // cancelled context can make this wait.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and serves on background threads; returns the port it listens on. Call once.
  std::expected<int, std::error_code> Start();

  // Stops accepting connections, cancels the base context (and so every request's context), and
  // waits until every handler has returned and every connection is closed, or until `ctx` is
  // done: then it returns ctx.Err() and the rest happens in the background (the destructor still
  // waits for it). Returns an empty error_code on a complete shutdown.
  // What the clients get: a request whose handler wrote nothing (it gave up when cancelled) is
  // answered 503 with Connection: close; a connection accepted but still waiting for a thread,
  // or in the middle of sending its head, gets 503 too; an idle keep-alive connection is closed.
  // Connections the kernel queued but the server never accepted are reset, as in Go.
  std::error_code Shutdown(const context::Context& ctx = context::Background());

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http

template <>
struct std::is_error_code_enum<http::server_errc> : std::true_type {};
