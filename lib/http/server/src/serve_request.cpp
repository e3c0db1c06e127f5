// Server::Impl serving one request: identifying its connection (once), cancelling its context
// when the client hangs up while the handler runs, and converting the handler's answer.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "buffered_response_writer.h"
#include "connection_lookup.h"
#include "server_impl.h"

namespace http {
namespace {

using detail::ConnectionAddress;
using detail::Endpoint;
using detail::served_connection;
using detail::ServedConnection;

// The pseudo header fields cpp-httplib adds to each request; they are not from the client.
bool IsHttplibPseudoHeader(std::string_view name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
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

  detail::HandlerAnswer answer = detail::CallHandler(handler_, request);
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
  std::move(answer.response).MoveTo(out);
  if (answer.server_closing) {
    out.set_header("Connection", "close");
    connection.close_after_response = true;
  }
}

}  // namespace http
