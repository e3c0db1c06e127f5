// Server::Impl serving one connection, request after request, on our ConnectionStream: the
// deadlines of the head, the body and the idle wait, reading bodies, and refusing what it must.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "connection_stream.h"
#include "framing.h"
#include "server_impl.h"

namespace http {
namespace {

using detail::served_connection;
using detail::ServedConnection;

// What a connection gets when the server stops before its request could be served.
constexpr std::string_view kStoppingAnswer =
    "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

// What a connection gets when its head did not arrive whole within header_timeout.
constexpr std::string_view kHeadTooSlowAnswer =
    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

// Closes a connection whose client may still be sending (a refused body): first our side only,
// then a short, bounded wait for the client to finish, discarding what it sends. Closing at once
// with unread bytes would make the kernel reset the connection, and a reset can destroy the
// answer before the client reads it. Go's server does the same (its rstAvoidanceDelay).
void CloseAfterRefusal(int fd) {
  ::shutdown(fd, SHUT_WR);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  std::size_t discarded = 0;
  std::array<char, 4096> sink;
  while (discarded < (std::size_t{1} << 20)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        give_up - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd readable{.fd = fd, .events = POLLIN, .revents = 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = ::recv(fd, sink.data(), sink.size(), 0);
    if (n <= 0) break;
    discarded += static_cast<std::size_t>(n);
  }
}

void Refuse(httplib::Response& out, int status, ServedConnection* connection) {
  out.status = status;
  out.set_header("Connection", "close");
  if (connection != nullptr) connection->close_after_response = connection->body_unread = true;
}

}  // namespace

// A request without a body, or whose body cpp-httplib read itself.
void Server::Impl::ServeWithoutBody(const httplib::Request& in, httplib::Response& out) {
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

}  // namespace http
