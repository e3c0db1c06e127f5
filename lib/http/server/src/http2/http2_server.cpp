// Http2Server::Impl: the listening socket, the accept loop, and a thread per connection.
#include "http/http2_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <ranges>
#include <thread>
#include <utility>
#include <vector>

#include "connection.h"
#include "handler_pool.h"

namespace http {
namespace {

std::error_code LastError() {
  return {errno, std::system_category()};
}

// Both ends of a connected socket, as the conn_context hook sees them.
ConnInfo DescribeConnection(int fd) {
  ConnInfo info;
  const auto describe = [](const sockaddr_storage& address, std::string& host, int& port) {
    std::array<char, NI_MAXHOST> name{};
    std::array<char, NI_MAXSERV> service{};
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), sizeof address, name.data(),
                      name.size(), service.data(), service.size(),
                      NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      host = name.data();
      port = std::atoi(service.data());
    }
  };
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    describe(address, info.remote_addr, info.remote_port);
  }
  length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    describe(address, info.local_addr, info.local_port);
  }
  return info;
}

}  // namespace

class Http2Server::Impl {
 public:
  Impl(HandlerFunc handler, Http2ServerOptions options)
      : handler_(std::move(handler)),
        options_(std::move(options)),
        pool_(options_.handler_threads),
        wake_fd_(::eventfd(0, EFD_CLOEXEC)) {}

  ~Impl() {
    Shutdown(context::Background());
    accept_thread_ = {};  // joins
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return finished_.size() == connections_.size(); });
    connections_.clear();  // joins the ended threads
    lock.unlock();
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  std::expected<int, std::error_code> Start();
  std::error_code Shutdown(const context::Context& ctx);
  Http2Counts Counts() const { return counters_.Read(); }

 private:
  struct Served {
    std::shared_ptr<detail::Http2Connection> connection;
    std::jthread thread;
  };

  std::expected<int, std::error_code> Listen();
  void Accept();
  void Open(int fd);
  // Joins the connection threads that ended; false once the server is stopping.
  bool ReapFinished();

  const HandlerFunc handler_;
  const Http2ServerOptions options_;
  detail::Http2Counters counters_;
  context::Context base_;
  std::optional<context::CancelCauseFunc> cancel_base_;
  // Destroyed before everything above: its workers run handlers that use them.
  detail::HandlerPool pool_;
  const int wake_fd_;  // readable once the accept loop must stop
  int listen_fd_ = -1;

  std::mutex mutex_;
  std::condition_variable_any changed_;
  bool started_ = false;
  bool stopping_ = false;
  bool listening_ = false;  // the listening socket is open: Shutdown() waits until it is not
  std::uint64_t next_id_ = 0;
  std::map<std::uint64_t, Served> connections_;
  std::vector<std::uint64_t> finished_;  // their threads have ended, not yet joined

  std::jthread accept_thread_;  // last: it uses everything above
};

std::expected<int, std::error_code> Http2Server::Impl::Listen() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  if (::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found) != 0) {
    return std::unexpected(std::make_error_code(std::errc::address_not_available));
  }
  std::error_code error = std::make_error_code(std::errc::address_not_available);
  for (addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    const int fd = ::socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, candidate->ai_addr, candidate->ai_addrlen) == 0 && ::listen(fd, 1024) == 0) {
      listen_fd_ = fd;
      break;
    }
    error = LastError();
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0) return std::unexpected(error);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  const auto* address = reinterpret_cast<const sockaddr_in*>(&bound);  // port: same place in v6
  return ntohs(address->sin_port);
}

std::expected<int, std::error_code> Http2Server::Impl::Start() {
  // Under the lock throughout, so that a Shutdown() on another thread sees all of it or none.
  const std::lock_guard lock(mutex_);
  if (started_) return std::unexpected(std::make_error_code(std::errc::operation_in_progress));
  started_ = true;
  if (wake_fd_ < 0) return std::unexpected(LastError());
  auto [base, cancel_base] = context::WithCancelCause(
      options_.base_context ? options_.base_context() : context::Background());
  base_ = std::move(base);
  cancel_base_ = std::move(cancel_base);
  auto port = Listen();
  if (!port) return port;
  listening_ = true;
  accept_thread_ = std::jthread([this] { Accept(); });
  return port;
}

void Http2Server::Impl::Accept() {
  while (true) {
    std::array<pollfd, 2> polled{{{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}}};
    if (::poll(polled.data(), polled.size(), -1) < 0 && errno != EINTR) break;
    if (polled[1].revents != 0 && !ReapFinished()) break;  // Shutdown()
    if ((polled[0].revents & POLLIN) == 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) Open(fd);
  }
  // Connections the kernel queued but nobody accepted are reset when this closes, as in Go.
  ::close(listen_fd_);
  {
    const std::lock_guard lock(mutex_);
    listening_ = false;
  }
  changed_.notify_all();  // Shutdown() returns only once nobody can connect any more
}

void Http2Server::Impl::Open(int fd) {
  const auto refuse = [this] {
    const std::lock_guard lock(mutex_);
    return stopping_ || connections_.size() - finished_.size() >= options_.max_connections;
  };
  if (refuse()) {
    ::close(fd);
    return;
  }
  // Without TCP_NODELAY a small response waits for the client's delayed ACK (Nagle).
  const int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  // The hook is the user's code: called outside our lock.
  context::Context connection_context =
      options_.conn_context ? options_.conn_context(base_, DescribeConnection(fd)) : base_;
  std::unique_ptr<StreamContexts> contexts = options_.stream_contexts
                                                 ? options_.stream_contexts(connection_context)
                                                 : NewStreamContexts(connection_context);
  auto connection = std::make_shared<detail::Http2Connection>(
      fd, std::move(contexts), detail::Http2Shared{handler_, options_, pool_, counters_});
  const std::lock_guard lock(mutex_);
  // Shutdown() may have begun meanwhile; it tells only the connections it sees.
  if (stopping_) connection->Shutdown();
  counters_.connections.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t id = next_id_++;
  Served& served = connections_[id];
  served.connection = connection;
  served.thread = std::jthread([this, id, connection] {
    connection->Serve();
    {
      const std::lock_guard lock(mutex_);
      finished_.push_back(id);
    }
    changed_.notify_all();
    const eventfd_t once = 1;  // the accept loop joins this thread
    ::eventfd_write(wake_fd_, once);
  });
}

bool Http2Server::Impl::ReapFinished() {
  std::vector<Served> ended;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return false;  // the destructor joins what is left
    for (const std::uint64_t id : std::exchange(finished_, {})) {
      ended.push_back(std::move(connections_.at(id)));
      connections_.erase(id);
    }
    eventfd_t ignored = 0;
    ::eventfd_read(wake_fd_, &ignored);
  }
  ended.clear();  // joins, outside the lock: an ending thread takes it one last time
  return true;
}

std::error_code Http2Server::Impl::Shutdown(const context::Context& ctx) {
  bool stop_now = false;
  {
    const std::lock_guard lock(mutex_);
    stop_now = cancel_base_.has_value() && !std::exchange(stopping_, true);
    if (stop_now) {
      (*cancel_base_)(ErrServerClosed);  // every stream's context is done now
      // (Not `auto& [id, served]`: clang-tidy 16's optional-access analysis crashes on it here.)
      for (Served& served : connections_ | std::views::values) served.connection->Shutdown();
    }
  }
  if (stop_now) {
    const eventfd_t once = 1;  // the accept loop stops and closes the listening socket
    ::eventfd_write(wake_fd_, once);
  }
  std::unique_lock lock(mutex_);
  if (!changed_.wait(lock, ctx.Done(),
                     [this] { return !listening_ && finished_.size() == connections_.size(); })) {
    return ctx.Err();
  }
  lock.unlock();
  // A handler whose connection has ended (its client left) may still be returning.
  if (!pool_.WaitIdle(ctx.Done())) return ctx.Err();
  return {};
}

Http2Server::Http2Server(HandlerFunc handler, Http2ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}

Http2Server::~Http2Server() = default;

std::expected<int, std::error_code> Http2Server::Start() {
  return impl_->Start();
}

std::error_code Http2Server::Shutdown(const context::Context& ctx) {
  return impl_->Shutdown(ctx);
}

Http2Counts Http2Server::Counts() const {
  return impl_->Counts();
}

}  // namespace http
