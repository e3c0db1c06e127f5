#include "http/server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <stop_token>
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

// The connection a request arrived on, as far as the adapter could tell.
struct RequestConnection {
  context::Context context;  // the connection's context (base context + ConnContext)
  std::optional<int> fd;     // its socket, to watch for a hang-up
  bool gone = false;         // the client had hung up before the handler even started
};

// What a worker remembers about the connection it serves. cpp-httplib serves a connection from
// its first request to its last on one thread, so the worker's last connection is the only one
// worth remembering: a keep-alive request finds its socket and its context here, at the price of
// two system calls, instead of a scan over every descriptor of the process.
struct CachedConnection {
  std::optional<ConnectionAddress> address;
  int fd = -1;
  context::Context context;
};
thread_local CachedConnection cached_connection;

// The pseudo header fields cpp-httplib adds to each request; they are not from the client.
bool IsHttplibPseudoHeader(std::string_view name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

std::error_code LastSystemError(std::errc fallback) {
  return errno != 0 ? std::error_code(errno, std::system_category())
                    : std::make_error_code(fallback);
}

class CancelOnExit {
 public:
  explicit CancelOnExit(context::CancelFunc cancel) : cancel_(std::move(cancel)) {}
  CancelOnExit(const CancelOnExit&) = delete;
  CancelOnExit& operator=(const CancelOnExit&) = delete;
  ~CancelOnExit() { cancel_(); }

 private:
  context::CancelFunc cancel_;
};

}  // namespace

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
  RequestConnection ConnectionOf(const httplib::Request& in);
  void Serve(const httplib::Request& in, httplib::Response& out);

  HandlerFunc handler_;
  ServerOptions options_;
  detail::HangupWatcher watcher_;
  httplib::Server server_;
  int listening_fd_ = -1;  // set by the socket options hook, during Start()

  context::Context base_;  // written by Start() before any worker exists, then only read
  std::optional<context::CancelFunc> cancel_base_;

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
  auto [base, cancel_base] =
      context::WithCancel(options_.base_context ? options_.base_context() : context::Background());
  base_ = std::move(base);
  cancel_base_ = std::move(cancel_base);

  // Without TCP_NODELAY a keep-alive client's next request waits for the previous response's
  // delayed ACK (Nagle's algorithm): about 40 ms a request.
  server_.set_tcp_nodelay(true);
  server_.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  server_.set_socket_options([this](auto fd) { ConfigureListeningSocket(fd); });
  server_.new_task_queue = [this] {
    // cpp-httplib creates its task queue once it is running, so stop() works from now on.
    SetState(State::kServing);
    return new detail::WorkerPool(options_.worker_threads);
  };
  const httplib::Server::Handler serve = [this](const httplib::Request& in,
                                                httplib::Response& out) {
    Serve(in, out);
  };
  // One handler for every path; cpp-httplib answers HEAD with the GET handler, minus the body.
  const std::string any_path = ".*";
  server_.Get(any_path, serve).Post(any_path, serve).Put(any_path, serve);
  server_.Patch(any_path, serve).Delete(any_path, serve).Options(any_path, serve);

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
    (*cancel_base_)();  // every request's context is done now
    server_.stop();     // closes the listening socket; cpp-httplib then joins our workers
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

RequestConnection Server::Impl::ConnectionOf(const httplib::Request& in) {
  const auto new_connection_context = [&] {
    if (!options_.conn_context) return base_;
    return options_.conn_context(
        base_, ConnInfo{in.remote_addr, in.remote_port, in.local_addr, in.local_port});
  };
  // cpp-httplib reports remote_port -1 when getpeername() failed: the client reset the connection.
  if (in.remote_port < 0)
    return {.context = new_connection_context(), .fd = std::nullopt, .gone = true};

  const auto local = Endpoint::Parse(in.local_addr, in.local_port);
  const auto remote = Endpoint::Parse(in.remote_addr, in.remote_port);
  if (!local || !remote)
    return {.context = new_connection_context(), .fd = std::nullopt};  // not TCP/IP: unwatched
  const ConnectionAddress address{*local, *remote};

  CachedConnection& cached = cached_connection;
  if (cached.address == address && detail::IsSocketOf(cached.fd, address)) {
    return {.context = cached.context, .fd = cached.fd, .gone = false};
  }
  const std::optional<int> fd = detail::FindSocketOf(address);
  // cpp-httplib has not closed this connection yet, so if no socket of ours has these two ends,
  // the peer has reset it: "not found" means "already gone".
  if (!fd) return {.context = new_connection_context(), .fd = std::nullopt, .gone = true};
  cached = {.address = address, .fd = *fd, .context = new_connection_context()};
  return {.context = cached.context, .fd = *fd, .gone = false};
}

void Server::Impl::Serve(const httplib::Request& in, httplib::Response& out) {
  const RequestConnection connection = ConnectionOf(in);
  auto [ctx, cancel] = context::WithCancel(connection.context);
  const CancelOnExit cancel_when_handler_returns(cancel);
  std::optional<detail::HangupWatcher::Watch> hangup_watch;  // ends before the handler returns
  if (connection.fd) {
    hangup_watch.emplace(watcher_.WatchSocket(*connection.fd, [cancel] { cancel(); }));
  } else if (connection.gone) {
    cancel();
  }

  Request request(in.method, in.target, std::move(ctx));
  for (const auto& [name, value] : in.headers) {
    if (!IsHttplibPseudoHeader(name)) request.header.Add(name, value);
  }
  request.body = in.body;

  detail::BufferedResponseWriter writer;
  try {
    handler_(writer, request);
  } catch (...) {
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
