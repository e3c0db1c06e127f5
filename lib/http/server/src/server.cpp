#include "http/server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

#include "buffered_response_writer.h"
#include "connection_lookup.h"
#include "connection_stream.h"
#include "framing.h"
#include "hangup_watcher.h"
#include "httplib_server.h"
#include "refusals.h"
#include "served_connection.h"
#include "worker_pool.h"

namespace http {
namespace {

using detail::CloseAfterRefusal;
using detail::ConnectionAddress;
using detail::Endpoint;
using detail::HttplibServer;
using detail::kHeadTooSlowAnswer;
using detail::kStoppingAnswer;
using detail::Refuse;
using detail::ServedConnection;
using detail::WarmUpParser;

// The connection the current thread serves, set by the pool's job runner.
thread_local ServedConnection* served_connection = nullptr;

// The pseudo header fields cpp-httplib adds to each request; they are not from the client.
bool IsHttplibPseudoHeader(std::string_view name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

std::error_code LastSystemError(std::errc fallback) {
  return errno != 0 ? std::error_code(errno, std::system_category())
                    : std::make_error_code(fallback);
}

// Cancels with no cause of its own (so Cause() is Canceled): the handler has returned.
class CancelOnExit {
 public:
  explicit CancelOnExit(context::CancelCauseFunc cancel) : cancel_(std::move(cancel)) {}
  CancelOnExit(const CancelOnExit&) = delete;
  CancelOnExit& operator=(const CancelOnExit&) = delete;
  ~CancelOnExit() { cancel_(); }

 private:
  context::CancelCauseFunc cancel_;
};

}  // namespace

class Server::Impl {
 public:
  Impl(HandlerFunc handler, ServerOptions options)
      : handler_(std::move(handler)),
        options_(std::move(options)),
        stop_fd_(::eventfd(0, EFD_CLOEXEC)),
        server_([this](int fd) { ServeConnection(fd); }) {
    if (stop_fd_ < 0) throw std::system_error(errno, std::system_category(), "eventfd");
  }

  ~Impl() {
    Shutdown(context::Background());
    if (serve_thread_.joinable()) serve_thread_.join();
    ::close(stop_fd_);
  }

  std::expected<int, std::error_code> Start();
  std::error_code Shutdown(const context::Context& ctx);

 private:
  enum class State { kNotStarted, kStarting, kServing, kStopped };

  void ConfigureListeningSocket(int fd);
  void SetState(State state);
  void Identify(const httplib::Request& in, ServedConnection& connection);
  bool IsLastRequest(const httplib::Request& in, const ServedConnection& connection) const;
  void Serve(const httplib::Request& in, httplib::Response& out, std::string body);
  void ServeWithBody(const httplib::Request& in, httplib::Response& out,
                     const httplib::ContentReader& read_content);
  void ServeConnection(int fd);
  bool Stopping() const { return base_.Err() == context::Canceled; }

  HandlerFunc handler_;
  ServerOptions options_;
  detail::HangupWatcher watcher_;
  detail::LikelySockets likely_sockets_;
  // Readable once Shutdown() has begun: every connection waiting for bytes polls it too.
  int stop_fd_ = -1;
  HttplibServer server_;
  int listening_fd_ = -1;  // set by the socket options hook, during Start()

  context::Context base_;  // written by Start() before any worker exists, then only read
  std::optional<context::CancelCauseFunc> cancel_base_;

  std::mutex mutex_;
  std::condition_variable_any state_changed_;
  State state_ = State::kNotStarted;
  bool stop_requested_ = false;

  std::jthread serve_thread_;  // last: it runs cpp-httplib's accept loop over everything above
};

std::expected<int, std::error_code> Server::Impl::Start() {
  {
    const std::scoped_lock lock(mutex_);
    if (state_ != State::kNotStarted)
      return std::unexpected(std::make_error_code(std::errc::operation_in_progress));
    state_ = State::kStarting;
  }
  auto [base, cancel_base] = context::WithCancelCause(
      options_.base_context ? options_.base_context() : context::Background());
  base_ = std::move(base);
  cancel_base_ = std::move(cancel_base);

  // Without TCP_NODELAY a keep-alive client's next request waits for the previous response's
  // delayed ACK (Nagle's algorithm): about 40 ms a request.
  server_.set_tcp_nodelay(true);
  // ServeConnection() enforces the timeouts; cpp-httplib only announces them (Keep-Alive header)
  // and applies its payload limit to the bodies it reads itself (a GET's).
  server_.set_keep_alive_timeout(
      std::chrono::ceil<std::chrono::seconds>(options_.keep_alive_timeout).count());
  server_.set_keep_alive_max_count(std::max<std::size_t>(options_.max_requests_per_connection, 1));
  server_.set_read_timeout(options_.read_timeout);
  server_.set_write_timeout(options_.write_timeout);
  server_.set_payload_max_length(options_.max_body_bytes);
  server_.set_socket_options([this](auto fd) { ConfigureListeningSocket(fd); });
  server_.new_task_queue = [this] {
    // cpp-httplib creates its task queue once it is running, so stop() works from now on.
    SetState(State::kServing);
    return new detail::WorkerPool(options_.worker_threads,
                                  [](const std::function<void()>& serve_connection) {
                                    ServedConnection connection;
                                    served_connection = &connection;
                                    serve_connection();
                                    served_connection = nullptr;
                                  });
  };
  // A request without a body, or whose body cpp-httplib read itself.
  const httplib::Server::Handler serve = [this](const httplib::Request& in,
                                                httplib::Response& out) {
    if (served_connection != nullptr && served_connection->stream != nullptr) {
      served_connection->stream->EndOfHead();
    }
    if (const int refused = detail::CheckFraming(in.headers, options_.max_body_bytes)) {
      return Refuse(out, refused, served_connection);
    }
    // cpp-httplib 0.11 does not read a GET's body: left in the socket, it would be taken for
    // the next request. The handler is served, and the connection closed after it.
    if (in.body.empty() && detail::DeclaresBody(in.headers) && served_connection != nullptr) {
      served_connection->close_after_response = served_connection->body_unread = true;
    }
    Serve(in, out, in.body);  // empty, or a body sent with a GET: a copy is cheap or rare
  };
  const httplib::Server::HandlerWithContentReader serve_with_body =
      [this](const httplib::Request& in, httplib::Response& out,
             const httplib::ContentReader& read_content) {
        ServeWithBody(in, out, read_content);
      };
  // One handler for every path; cpp-httplib answers HEAD with the GET handler, minus the body.
  const std::string any_path = ".*";
  server_.Get(any_path, serve).Options(any_path, serve);
  server_.Post(any_path, serve).Post(any_path, serve_with_body);
  server_.Put(any_path, serve).Put(any_path, serve_with_body);
  server_.Patch(any_path, serve).Patch(any_path, serve_with_body);
  server_.Delete(any_path, serve).Delete(any_path, serve_with_body);

  WarmUpParser(server_);

  errno = 0;
  const int port = options_.port == 0 ? server_.bind_to_any_port(options_.host)
                   : server_.bind_to_port(options_.host, options_.port) ? options_.port
                                                                        : -1;
  if (port < 0) {
    SetState(State::kStopped);
    return std::unexpected(LastSystemError(std::errc::address_not_available));
  }
  // cpp-httplib listens with a backlog compiled into it (5). Calling listen() again on a
  // listening socket is how Linux lets you change it.
  if (::listen(listening_fd_, options_.listen_backlog) != 0) {
    SetState(State::kStopped);
    return std::unexpected(LastSystemError(std::errc::address_not_available));
  }

  serve_thread_ = std::jthread([this] {
    server_.listen_after_bind();
    SetState(State::kStopped);
  });
  std::unique_lock lock(mutex_);
  state_changed_.wait(lock, [this] { return state_ != State::kStarting; });
  if (state_ == State::kStopped) return std::unexpected(std::make_error_code(std::errc::io_error));
  return port;
}

std::error_code Server::Impl::Shutdown(const context::Context& ctx) {
  bool stop_now = false;
  {
    std::unique_lock lock(mutex_);
    if (state_ == State::kNotStarted) return {};
    // Start() returns only once serving began (or failed), so this state is always transient.
    state_changed_.wait(lock, [this] { return state_ != State::kStarting; });
    stop_now = !std::exchange(stop_requested_, true) && state_ == State::kServing;
  }
  if (stop_now) {
    (*cancel_base_)(ErrServerClosed);  // every request's context is done now
    // Wakes every connection waiting for bytes: idle ones close, queued ones are answered 503.
    const eventfd_t once = 1;
    ::eventfd_write(stop_fd_, once);
    server_.stop();  // closes the listening socket; cpp-httplib then joins our workers
  }
  std::unique_lock lock(mutex_);
  if (!state_changed_.wait(lock, ctx.Done(), [this] { return state_ == State::kStopped; })) {
    return ctx.Err();
  }
  return {};
}

// A request with a body: cpp-httplib lets the handler read it, so it is read straight into the
// string the handler gets, never copied (its own Request is const to us), and only after its
// framing and declared length are found acceptable.
void Server::Impl::ServeWithBody(const httplib::Request& in, httplib::Response& out,
                                 const httplib::ContentReader& read_content) {
  ServedConnection* connection = served_connection;
  detail::ConnectionStream* stream = connection != nullptr ? connection->stream : nullptr;
  if (stream != nullptr) stream->EndOfHead();
  if (const int refused = detail::CheckFraming(in.headers, options_.max_body_bytes)) {
    return Refuse(out, refused, connection);
  }
  if (stream != nullptr) {
    stream->StartBody(detail::ConnectionStream::Clock::now() + options_.body_timeout);
  }
  std::string body;
  bool too_long = false;
  const auto append = [&](const char* data, std::size_t length) {
    too_long = length > options_.max_body_bytes - body.size();
    if (too_long) return false;  // a chunked body past the limit: stop reading it
    // A string doubles as it grows: capped, a body at the limit holds max_body_bytes, not twice.
    if (body.size() + length > body.capacity()) {
      body.reserve(
          std::min(std::max(2 * body.capacity(), body.size() + length), options_.max_body_bytes));
    }
    body.append(data, length);
    return true;
  };
  std::size_t multipart_bytes = 0;
  const auto count_and_drop = [&](const char*, std::size_t length) {
    multipart_bytes += length;
    too_long = multipart_bytes > options_.max_body_bytes;
    return !too_long;
  };
  // cpp-httplib parses a multipart/form-data body itself and never hands over its raw bytes: such
  // a body is read and dropped, and the handler gets an empty one (as it did when cpp-httplib
  // read bodies for us). Any other body arrives whole.
  const bool complete =
      in.is_multipart_form_data()
          ? read_content([](const auto& /*part*/) { return true; }, count_and_drop)
          : read_content(append);
  // cpp-httplib 0.18 also counts a chunked body against payload_max_length (0.11 does not): it
  // stops before our reader sees the chunk that passes the limit, leaving its 413 in `out`.
  if (too_long || (!complete && out.status == StatusRequestEntityTooLarge)) {
    return Refuse(out, StatusRequestEntityTooLarge, connection);
  }
  if (stream != nullptr) stream->EndOfBody();
  if (!complete && stream != nullptr && stream->BodyExpired()) {
    return Refuse(out, StatusRequestTimeout, connection);
  }
  if (!complete) {
    // The client broke off in the middle of the body, or the server is stopping.
    return Refuse(out, Stopping() ? StatusServiceUnavailable : StatusBadRequest, connection);
  }
  Serve(in, out, std::move(body));
}

// Serves one connection, request after request, on our stream; replaces cpp-httplib's loop.
// Why not cpp-httplib's own knobs: its read timeout applies to each read and restarts with every
// byte, so no setting of it bounds a head sent a line at a time (the hostile-client test of the
// header deadline ran 5 s against it); its idle wait sleeps in 1 ms steps and never looks at the
// server stopping (so Shutdown waited for every trickling client); its stream, made anew for
// each request, drops the pipelined requests it read ahead (10 sent, 1 answered); and it will
// not write to a half-closed client, as it takes the peer's end of file for a dead socket.
void Server::Impl::ServeConnection(int fd) {
  using Clock = detail::ConnectionStream::Clock;
  const auto accepted = Clock::now();
  detail::ConnectionStream stream(fd, stop_fd_, {options_.read_timeout, options_.write_timeout});
  ServedConnection this_connection_only;
  ServedConnection& connection =
      served_connection != nullptr ? *served_connection : this_connection_only;
  connection.stream = &stream;
  const std::size_t max_requests = std::max<std::size_t>(options_.max_requests_per_connection, 1);
  for (std::size_t served = 0; served < max_requests; ++served) {
    // The first request's head is due header_timeout after the connection opened; a later one
    // may wait keep_alive_timeout to start, then has header_timeout to arrive whole.
    const bool first = served == 0;
    const auto wait =
        stream.WaitForRequest(first ? options_.header_timeout : options_.keep_alive_timeout);
    if (wait == detail::ConnectionStream::Wait::kStopping) {
      if (stream.RequestWaiting()) stream.WriteDirectly(kStoppingAnswer);
      break;
    }
    if (wait != detail::ConnectionStream::Wait::kReady) break;
    stream.StartHead((first ? accepted : Clock::now()) + options_.header_timeout);
    connection.close_after_response = connection.body_unread = false;
    bool client_asked_to_close = false;
    const bool answered =
        server_.ProcessRequest(stream, served + 1 == max_requests, client_asked_to_close);
    if (stream.StoppedInHead()) {
      stream.WriteDirectly(kStoppingAnswer);
      break;
    }
    if (stream.HeadExpired()) {
      stream.WriteDirectly(kHeadTooSlowAnswer);
      break;
    }
    if (connection.close_after_response) {
      if (connection.body_unread) CloseAfterRefusal(fd);
      break;
    }
    if (!answered || client_asked_to_close) break;
  }
  connection.stream = nullptr;
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

void Server::Impl::SetState(State state) {
  {
    const std::scoped_lock lock(mutex_);
    state_ = state;
  }
  state_changed_.notify_all();
}

void Server::Impl::ConfigureListeningSocket(int fd) {
  listening_fd_ = fd;
  const auto set = [fd](int level, int option, int value) {
    ::setsockopt(fd, level, option, &value, sizeof value);
  };
  // Restarting the server must not wait for the old connections' TIME_WAIT to pass.
  set(SOL_SOCKET, SO_REUSEADDR, 1);
  // Accepted connections inherit these from the listening socket.
  if (const auto& keepalive = options_.tcp_keepalive) {
    set(SOL_SOCKET, SO_KEEPALIVE, 1);
    set(IPPROTO_TCP, TCP_KEEPIDLE, static_cast<int>(keepalive->idle.count()));
    set(IPPROTO_TCP, TCP_KEEPINTVL, static_cast<int>(keepalive->interval.count()));
    set(IPPROTO_TCP, TCP_KEEPCNT, keepalive->probes);
  }
}

void Server::Impl::Identify(const httplib::Request& in, ServedConnection& connection) {
  connection.identified = true;
  connection.context = options_.conn_context
                           ? options_.conn_context(base_, ConnInfo{in.remote_addr, in.remote_port,
                                                                   in.local_addr, in.local_port})
                           : base_;
  // The server listens on TCP/IP only, so a remote end that is not an IP address and a port is
  // cpp-httplib saying getpeername() failed: the client has reset the connection.
  const auto remote = detail::ReportedPeer(in.remote_addr, in.remote_port);
  if (!remote) {
    connection.gone = true;
    return;
  }
  const auto local = Endpoint::Parse(in.local_addr, in.local_port);
  if (!local) return;  // cannot happen on TCP/IP; left unwatched rather than guessed
  // cpp-httplib has not closed this connection yet, so if no socket of ours has these two ends,
  // the peer has reset it: "not found" means "already gone".
  const std::optional<int> fd =
      detail::FindSocketOf(ConnectionAddress{*local, *remote}, likely_sockets_.InOrder());
  if (!fd) {
    connection.gone = true;
    return;
  }
  likely_sockets_.Found(*fd);
  connection.fd = *fd;
  connection.registration.emplace(watcher_.Register(*fd));
}

// Whether cpp-httplib will close the connection once this request is answered: the client asked
// for it, or the connection has served its share of requests. A guess that is only used to find
// the next connection's socket faster, so a wrong one costs time, never correctness.
bool Server::Impl::IsLastRequest(const httplib::Request& in,
                                 const ServedConnection& connection) const {
  if (connection.requests >= options_.max_requests_per_connection) return true;
  return http::EqualsIgnoringCase(in.get_header_value("Connection"), "close");
}

void Server::Impl::Serve(const httplib::Request& in, httplib::Response& out, std::string body) {
  // Every job runs in our pool, so served_connection is set; the fallback only keeps a broken
  // assumption from becoming a crash (each request would then be identified on its own).
  ServedConnection this_request_only;
  ServedConnection& connection =
      served_connection != nullptr ? *served_connection : this_request_only;
  if (!connection.identified) Identify(in, connection);

  auto [ctx, cancel] = context::WithCancelCause(connection.context);
  const CancelOnExit cancel_when_handler_returns(cancel);
  std::optional<detail::HangupWatcher::Watch> hangup_watch;  // while the handler runs
  if (connection.registration) {
    hangup_watch.emplace(
        connection.registration->WatchRequest([cancel] { cancel(ErrClientGone); }));
  } else if (connection.gone) {
    cancel(ErrClientGone);
  }

  Request request(in.method, in.target, std::move(ctx));
  for (const auto& [name, value] : in.headers) {
    if (!IsHttplibPseudoHeader(name)) request.header.Add(name, value);
  }
  request.body = std::move(body);

  detail::BufferedResponseWriter writer;
  bool handler_threw = false;
  try {
    handler_(writer, request);
  } catch (...) {
    handler_threw = true;
  }
  hangup_watch.reset();  // the handler is done: a hang-up from now on changes nothing
  ++connection.requests;
  if (connection.registration) {
    const bool last = IsLastRequest(in, connection);
    // A connection about to close leaves the watcher now, while its socket is surely open:
    // otherwise its closing would wake the watcher for nothing.
    if (last) connection.registration->Withdraw();
    // A new connection may soon take this socket's number, the sooner if it is about to close.
    likely_sockets_.Served(connection.fd, last);
  }
  if (writer.WroteNothing() && context::Cause(request.Context()) == ErrServerClosed) {
    // The handler gave up because the server is stopping: say so, rather than an empty 200.
    detail::BufferedResponseWriter stopping;
    stopping.WriteHeader(StatusServiceUnavailable);
    std::move(stopping).MoveTo(out);
    out.set_header("Connection", "close");
    connection.close_after_response = true;
    return;
  }
  if (handler_threw) {
    // Like Go's server after a panic in a handler: a bare 500, and the server carries on.
    detail::BufferedResponseWriter failure;
    failure.WriteHeader(StatusInternalServerError);
    std::move(failure).MoveTo(out);
    return;
  }
  std::move(writer).MoveTo(out);
}

Server::Server(HandlerFunc handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}
Server::~Server() = default;

std::expected<int, std::error_code> Server::Start() {
  return impl_->Start();
}
std::error_code Server::Shutdown(const context::Context& ctx) {
  return impl_->Shutdown(ctx);
}

}  // namespace http
