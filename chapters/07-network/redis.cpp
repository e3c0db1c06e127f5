#include "redis.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <cerrno>
#include <ctime>
#include <ostream>
#include <utility>

namespace redis {
namespace {

std::error_code Errc(std::errc code) {
  return std::make_error_code(code);
}

// hiredis writes with write(2) or send(2) without MSG_NOSIGNAL. Writing to a socket that
// Shutdown() or Redis has closed raises SIGPIPE, whose default action ends the whole process.
// Blocked on this thread while hiredis works, the signal stays pending and the write fails with
// EPIPE, an error like any other; the pending signal is then taken off, never delivered.
class SigpipeBlocked {
 public:
  SigpipeBlocked() noexcept {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;
  ~SigpipeBlocked() {
    sigset_t pending;
    sigpending(&pending);
    if (!sigismember(&previous_, SIGPIPE) && sigismember(&pending, SIGPIPE)) {
      const timespec now{};
      sigtimedwait(&sigpipe_, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

 private:
  sigset_t sigpipe_;
  sigset_t previous_;
};

// hiredis' reply tree to ours. Only RESP2's five types arrive: the connection never asks for
// RESP3 (HELLO 3), whose types hiredis 1.x would add.
std::expected<Reply, std::error_code> ToReply(const redisReply& reply) {
  const auto text = [&] {
    return std::string(reply.str, static_cast<std::size_t>(reply.len));
  };
  switch (reply.type) {
    case REDIS_REPLY_NIL:
      return Reply::Nil();
    case REDIS_REPLY_STATUS:
      return Reply::Status(text());
    case REDIS_REPLY_STRING:
      return Reply::String(text());
    case REDIS_REPLY_ERROR:
      return Reply::Error(text());
    case REDIS_REPLY_INTEGER:
      return Reply::Integer(reply.integer);
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) {
        auto element = ToReply(*reply.element[i]);
        if (!element) return element;
        elements.push_back(std::move(*element));
      }
      return Reply::Array(std::move(elements));
    }
    default:
      return std::unexpected(Errc(std::errc::protocol_error));
  }
}

void PrintQuoted(const std::string& text, std::ostream& os) {
  static constexpr char kHex[] = "0123456789abcdef";
  os << '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      os << '\\' << c;
    } else if (byte >= 0x20 && byte < 0x7f) {
      os << c;
    } else {
      os << "\\x" << kHex[byte >> 4] << kHex[byte & 0xf];
    }
  }
  os << '"';
}

}  // namespace

void PrintTo(const Reply& reply, std::ostream* os) {
  switch (reply.kind) {
    case Reply::Kind::kNil:
      *os << "nil";
      return;
    case Reply::Kind::kStatus:
      *os << reply.text;
      return;
    case Reply::Kind::kString:
      PrintQuoted(reply.text, *os);
      return;
    case Reply::Kind::kInteger:
      *os << "(integer) " << reply.integer;
      return;
    case Reply::Kind::kError:
      *os << "(error) " << reply.text;
      return;
    case Reply::Kind::kArray:
      *os << '[';
      for (std::size_t i = 0; i < reply.elements.size(); ++i) {
        if (i > 0) *os << ", ";
        PrintTo(reply.elements[i], os);
      }
      *os << ']';
      return;
  }
}

// ---- Connection ----

std::expected<std::unique_ptr<Connection>, std::error_code> Connection::Open(
    const std::string& socket_path) {
  redisContext* context = redisConnectUnix(socket_path.c_str());
  const int connect_errno = errno;
  if (context == nullptr) return std::unexpected(Errc(std::errc::not_enough_memory));
  if (context->err != 0) {
    const bool system_error = context->err == REDIS_ERR_IO && connect_errno != 0;
    redisFree(context);
    if (system_error)
      return std::unexpected(std::error_code(connect_errno, std::generic_category()));
    return std::unexpected(Errc(std::errc::io_error));
  }
  return std::unique_ptr<Connection>(new Connection(context));
}

Connection::Connection(redisContext* context) noexcept : context_(context), socket_(context->fd) {}

Connection::~Connection() {
  redisFree(context_);
}

std::expected<Reply, std::error_code> Connection::Command(const std::vector<std::string>& args) {
  if (IsBroken() || shut_down_.load()) return std::unexpected(Errc(std::errc::connection_aborted));
  if (args.empty()) return std::unexpected(Errc(std::errc::invalid_argument));  // Redis would wait
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  void* raw = nullptr;
  int command_errno = 0;
  {
    const SigpipeBlocked no_sigpipe;
    errno = 0;
    raw = redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data());
    command_errno = errno;
  }
  if (raw == nullptr) return std::unexpected(FailureOf(command_errno));
  const std::unique_ptr<redisReply, void (*)(void*)> reply(static_cast<redisReply*>(raw),
                                                           freeReplyObject);
  return ToReply(*reply);
}

std::error_code Connection::FailureOf(int command_errno) noexcept {
  // Whatever hiredis saw after a Shutdown() (end of file, EPIPE), the cause is the shutdown.
  if (shut_down_.load()) return Errc(std::errc::connection_aborted);
  switch (context_->err) {
    case REDIS_ERR_EOF:
      return Errc(std::errc::connection_reset);
    case REDIS_ERR_PROTOCOL:
      return Errc(std::errc::protocol_error);
    case REDIS_ERR_OOM:
      return Errc(std::errc::not_enough_memory);
#ifdef REDIS_ERR_TIMEOUT  // hiredis 1.x names some timeouts itself
    case REDIS_ERR_TIMEOUT:
      return TimedOut();
#endif
    case REDIS_ERR_IO:
      // A socket timeout (SO_RCVTIMEO, SO_SNDTIMEO) ends a blocking read or write with EAGAIN.
      if (command_errno == EAGAIN || command_errno == EWOULDBLOCK || command_errno == ETIMEDOUT) {
        return TimedOut();
      }
      if (command_errno != 0) return {command_errno, std::generic_category()};
      return Errc(std::errc::io_error);
    default:
      return Errc(std::errc::io_error);
  }
}

std::error_code Connection::TimedOut() noexcept {
  // hiredis refuses every later command once it has seen an error. After a timeout the socket
  // is open and the byte stream intact, only one reply behind: clear the error, as a client that
  // retries on the same connection would. The reply still on its way is what MarkBroken() is for.
  context_->err = 0;
  context_->errstr[0] = '\0';
  return Errc(std::errc::timed_out);
}

void Connection::SetTimeout(std::chrono::milliseconds timeout) {
  // Zero means no limit to the socket; a negative timeout is one already over: the shortest.
  const auto micros =
      timeout.count() < 0 ? std::chrono::microseconds(1) : std::chrono::microseconds(timeout);
  const timeval limit{.tv_sec = static_cast<time_t>(micros.count() / 1'000'000),
                      .tv_usec = static_cast<suseconds_t>(micros.count() % 1'000'000)};
  redisSetTimeout(context_, limit);
}

void Connection::Shutdown() noexcept {
  shut_down_.store(true);
  // Both directions: a blocked read sees end of file, a blocked write fails with EPIPE.
  ::shutdown(socket_, SHUT_RDWR);
}

// ---- Pool ----

Pool::Pool(std::string socket_path, std::size_t max_idle)
    : socket_path_(std::move(socket_path)), max_idle_(max_idle) {}

std::expected<Pool::Lease, std::error_code> Pool::Get() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  auto connection = Connection::Open(socket_path_);  // outside the lock: it waits for Redis
  if (!connection) return std::unexpected(connection.error());
  return Lease(*this, std::move(*connection));
}

std::size_t Pool::Idle() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

void Pool::Return(std::unique_ptr<Connection> connection) noexcept {
  const std::lock_guard lock(mutex_);
  if (idle_.size() >= max_idle_) return;  // closed here, as it goes out of scope
  try {
    idle_.push_back(std::move(connection));
  } catch (...) {  // no memory for one more idle connection: close it instead
  }
}

Pool::Lease& Pool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    GiveBack();
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
  }
  return *this;
}

void Pool::Lease::GiveBack() noexcept {
  if (connection_ == nullptr) return;  // moved from
  // A broken connection has a reply on its way that the next user would take for theirs.
  if (!connection_->IsBroken()) pool_->Return(std::move(connection_));
  connection_.reset();
}

}  // namespace redis
