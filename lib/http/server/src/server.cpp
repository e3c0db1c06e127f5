#include "http/server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>

#include "buffered_response_writer.h"
#include "connection_lookup.h"
#include "hangup_watcher.h"
#include "worker_pool.h"

namespace http {
namespace {

using detail::ConnectionAddress;
using detail::Endpoint;

// What the adapter keeps about the connection a worker serves. cpp-httplib serves a connection,
// from its first request to its last, as one job of our WorkerPool, which creates this when the
// job starts and destroys it when the job ends (after cpp-httplib has closed the socket). So the
// connection is identified once, by its first request, and every later keep-alive request costs
// no system call at all: no lookup, no re-check, and no epoll registration of its own.
struct ServedConnection {
  bool identified = false;
  context::Context context;  // base context + ConnContext
  // The socket, registered with the hang-up watcher; empty if not found or not TCP/IP.
  std::optional<detail::HangupWatcher::Registration> registration;
  int fd = -1;
  std::size_t requests = 0;  // served so far
  bool gone = false;  // the client had reset the connection before its first request was served
};
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

class ServerCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "http.server"; }
  std::string message(int value) const override {
    switch (static_cast<server_errc>(value)) {
      case server_errc::client_gone:
        return "client gone";
      case server_errc::server_closed:
        return "server closed";
    }
    return "unknown server error";
  }
  // Each is a cancellation: code that only asks "was it cancelled?" need not know them.
  std::error_condition default_error_condition(int) const noexcept override {
    return std::errc::operation_canceled;
  }
};

}  // namespace

const std::error_category& server_category() noexcept {
  static const ServerCategory category;
  return category;
}

class Server::Impl {
 public:
  Impl(HandlerFunc handler, ServerOptions options)
      : handler_(std::move(handler)), options_(std::move(options)) {}

  ~Impl() {
    Shutdown(context::Background());
    if (serve_thread_.joinable()) serve_thread_.join();
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

  HandlerFunc handler_;
  ServerOptions options_;
  detail::HangupWatcher watcher_;
  detail::LikelySockets likely_sockets_;
  httplib::Server server_;
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
  server_.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  server_.set_keep_alive_max_count(options_.max_requests_per_connection);
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
  // A request without a body: cpp-httplib has read everything there is.
  const httplib::Server::Handler serve = [this](const httplib::Request& in,
                                                httplib::Response& out) {
    Serve(in, out, in.body);  // empty, or a body sent with a GET: a copy is cheap or rare
  };
  // A request with a body: cpp-httplib lets the handler read it, so it is read straight into
  // the string the handler gets, never copied (its own Request is const to us).
  const httplib::Server::HandlerWithContentReader serve_with_body =
      [this](const httplib::Request& in, httplib::Response& out,
             const httplib::ContentReader& read_content) {
        std::string body;
        const auto append = [&body](const char* data, std::size_t length) {
          body.append(data, length);
          return true;
        };
        // cpp-httplib parses a multipart/form-data body itself and never hands over its raw
        // bytes: such a body is read and dropped, and the handler gets an empty one (as it did
        // when cpp-httplib read bodies for us). Any other body arrives whole.
        const bool complete = in.is_multipart_form_data()
                                  ? read_content([](const auto& /*part*/) { return true; },
                                                 [](const char*, std::size_t) { return true; })
                                  : read_content(append);
        if (!complete) {  // the client broke off in the middle of the body
          out.status = StatusBadRequest;
          return;
        }
        Serve(in, out, std::move(body));
      };
  // One handler for every path; cpp-httplib answers HEAD with the GET handler, minus the body.
  const std::string any_path = ".*";
  server_.Get(any_path, serve).Options(any_path, serve);
  server_.Post(any_path, serve).Post(any_path, serve_with_body);
  server_.Put(any_path, serve).Put(any_path, serve_with_body);
  server_.Patch(any_path, serve).Patch(any_path, serve_with_body);
  server_.Delete(any_path, serve).Delete(any_path, serve_with_body);

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
    server_.stop();  // closes the listening socket; cpp-httplib then joins our workers
  }
  std::unique_lock lock(mutex_);
  if (!state_changed_.wait(lock, ctx.Done(), [this] { return state_ == State::kStopped; })) {
    return ctx.Err();
  }
  return {};
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
  const std::string& wish = in.get_header_value("Connection");
  return wish.size() == 5 && std::equal(wish.begin(), wish.end(), "close", [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
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
