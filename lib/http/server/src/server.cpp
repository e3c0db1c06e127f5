// Server: configures cpp-httplib (timeouts, limits, the listening socket, one handler for every
// path), starts serving and shuts down. The rest of Server::Impl: see server_impl.h.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <utility>

#include "server_impl.h"
#include "worker_pool.h"

namespace http {
namespace {

using detail::served_connection;
using detail::ServedConnection;

std::error_code LastSystemError(std::errc fallback) {
  return errno != 0 ? std::error_code(errno, std::system_category())
                    : std::make_error_code(fallback);
}

}  // namespace

Server::Impl::Impl(HandlerFunc handler, ServerOptions options)
    : handler_(std::move(handler)),
      options_(std::move(options)),
      stop_fd_(::eventfd(0, EFD_CLOEXEC)),
      server_([this](int fd) { ServeConnection(fd); }) {
  if (stop_fd_ < 0) throw std::system_error(errno, std::system_category(), "eventfd");
}

Server::Impl::~Impl() {
  Shutdown(context::Background());
  if (serve_thread_.joinable()) serve_thread_.join();
  ::close(stop_fd_);
}

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
    ServeWithoutBody(in, out);
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

  detail::WarmUpParser(server_);

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
