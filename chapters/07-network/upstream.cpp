// UpstreamCall on cpp-httplib's client. What stopping relies on (checked in cpp-httplib 0.11.4,
// Debian 12, and 0.18.7, Debian 13, whose ClientImpl::stop() is the same code):
//
// - httplib::Client::stop() is meant to be called from another thread while a request runs. It
//   takes the client's socket lock, and if a request is in flight it only shutdown()s the socket
//   (SHUT_RDWR): the blocked read wakes up with nothing, the request fails with Error::Read (or
//   Write), and the upstream receives a FIN, its client hanging up. The request's own thread
//   closes the socket when it returns. Nothing is closed under a running request's feet.
// - Before a request holds its socket, stop() finds nothing to shut down, and the request would
//   then connect and wait as if never stopped. So Stop() first sets stopped_, and the request
//   checks it twice: when Get() starts (it then sends nothing), and as its socket is created,
//   which happens under that same socket lock (see CloseTheGap below).
// - stop() waits for that lock while a request is connecting, so a connect must be quick to fail:
//   kConnectTimeout bounds how long a Stop() (and the thread that cancels a context) can wait.
#include "upstream.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <ostream>

namespace tutorial {
namespace {

using namespace std::chrono_literals;

// An upstream on the same network accepts within milliseconds; one that does not is down.
constexpr auto kConnectTimeout = 1s;
// How long one read may wait for the upstream's next bytes. cpp-httplib's own 5 s would end a
// long call by itself, and hide whether the context stops it: the caller's context decides how
// long to wait. This only bounds a wait on an upstream that vanished without a word.
constexpr auto kReadTimeout = 5min;

class UpstreamCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "upstream"; }
  std::string message(int value) const override {
    return httplib::to_string(static_cast<httplib::Error>(value));
  }
};

std::error_code UpstreamError(httplib::Error error) {
  return {static_cast<int>(error), upstream_category()};
}

// Writing to a socket that Stop() (or the upstream) shut down raises SIGPIPE, whose default action
// ends the process. cpp-httplib's server ignores SIGPIPE for the whole process when it is made; its
// client does not, and writes without MSG_NOSIGNAL. So the first call does what the server does:
// the write then fails with EPIPE, which the call reports like any other failure.
void IgnoreBrokenPipes() {
  static const bool ignored = [] {
    return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR;
  }();
  (void)ignored;
}

}  // namespace

const std::error_category& upstream_category() noexcept {
  static const UpstreamCategory category;
  return category;
}

class UpstreamCall::Connection {
 public:
  Connection(const std::string& host, int port) : client(host, port) {}
  httplib::Client client;
};

UpstreamCall::UpstreamCall(std::string host, int port)
    : connection_(std::make_unique<Connection>(host, port)) {
  IgnoreBrokenPipes();
  httplib::Client& client = connection_->client;
  client.set_keep_alive(false);  // one request per connection: see upstream.h
  client.set_connection_timeout(kConnectTimeout);
  client.set_read_timeout(kReadTimeout);
  // CloseTheGap: cpp-httplib calls this on Get()'s thread for each new socket, before connecting,
  // holding the socket lock that stop() takes. A Stop() whose stop() ran before found no socket;
  // stopped_ is then already true here, and this socket is shut down before it connects (Linux
  // then lets it connect but never send or receive: the request fails at once, as if stopped).
  client.set_socket_options([this](socket_t socket) {
    if (stopped_.load()) ::shutdown(socket, SHUT_RDWR);
  });
}

UpstreamCall::~UpstreamCall() = default;

std::expected<UpstreamResponse, std::error_code> UpstreamCall::Get(const std::string& target,
                                                                   const http::Header& header) {
  if (stopped_.load()) return std::unexpected(UpstreamError(httplib::Error::Canceled));
  httplib::Headers fields;
  for (const auto& [name, values] : header.All()) {
    for (const std::string& value : values) fields.emplace(name, value);
  }
  const httplib::Result result = connection_->client.Get(target, fields);
  if (!result) return std::unexpected(UpstreamError(result.error()));
  UpstreamResponse response{.status = result->status, .body = result->body, .header = {}};
  for (const auto& [name, value] : result->headers) response.header.Add(name, value);
  return response;
}

void UpstreamCall::Stop() noexcept {
  stopped_.store(true);
  connection_->client.stop();
}

void PrintTo(const UpstreamResponse& response, std::ostream* os) {
  *os << "status " << response.status << ", body \"" << response.body << '"';
}

}  // namespace tutorial
