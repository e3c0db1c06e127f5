// The socket options the server promises, read back from the sockets themselves (the server runs
// in the test's process, so its descriptors are ours to inspect): TCP keepalive on each accepted
// connection when asked for, and the listen backlog that ServerOptions sets in place of
// cpp-httplib's built-in 5. And request bodies, which the adapter reads itself.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>

#include "connection_lookup.h"
#include "http/server.h"
#include "httptest/raw_client.h"
#include "listening_socket.h"

namespace server_test {
namespace {

using httptest::RawClient;
using namespace std::chrono_literals;

int IntOption(int fd, int level, int option) {
  int value = -1;
  socklen_t length = sizeof value;
  if (::getsockopt(fd, level, option, &value, &length) != 0) return -1;
  return value;
}

// The keepalive settings of a server-side connection socket.
struct KeepAlive {
  int enabled = -1;
  int idle_seconds = -1;
  int interval_seconds = -1;
  int probes = -1;
};

// Serves one request and returns the keepalive settings of the socket it arrived on, read in the
// ConnContext hook: it runs on the serving thread while the connection is open.
std::optional<KeepAlive> KeepAliveOfAServedConnection(http::ServerOptions options) {
  std::mutex mutex;
  std::optional<KeepAlive> seen;
  options.conn_context = [&](const context::Context& base, const http::ConnInfo& connection) {
    const auto local = http::detail::Endpoint::Parse(connection.local_addr, connection.local_port);
    const auto remote =
        http::detail::Endpoint::Parse(connection.remote_addr, connection.remote_port);
    if (local && remote) {
      if (const auto fd = http::detail::FindSocketOf({*local, *remote})) {
        const std::scoped_lock lock(mutex);
        seen = KeepAlive{.enabled = IntOption(*fd, SOL_SOCKET, SO_KEEPALIVE),
                         .idle_seconds = IntOption(*fd, IPPROTO_TCP, TCP_KEEPIDLE),
                         .interval_seconds = IntOption(*fd, IPPROTO_TCP, TCP_KEEPINTVL),
                         .probes = IntOption(*fd, IPPROTO_TCP, TCP_KEEPCNT)};
      }
    }
    return base;
  };
  http::Server server([](http::ResponseWriter& w, const http::Request&) { w.Write("ok"); },
                      std::move(options));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  if (!client.SendRequest() || !client.ReadResponse()) return std::nullopt;
  const std::scoped_lock lock(mutex);
  return seen;
}

TEST(ServerOptions, TcpKeepAliveIsSetOnEveryConnection) {
  http::ServerOptions options;
  options.tcp_keepalive = http::TcpKeepAlive{.idle = 42s, .interval = 7s, .probes = 4};

  const auto keepalive = KeepAliveOfAServedConnection(std::move(options));

  ASSERT_TRUE(keepalive) << "the connection's socket was not found";
  EXPECT_EQ(keepalive->enabled, 1);
  EXPECT_EQ(keepalive->idle_seconds, 42);
  EXPECT_EQ(keepalive->interval_seconds, 7);
  EXPECT_EQ(keepalive->probes, 4);
}

TEST(ServerOptions, TcpKeepAliveIsOffUnlessAskedFor) {
  const auto keepalive = KeepAliveOfAServedConnection({});

  ASSERT_TRUE(keepalive) << "the connection's socket was not found";
  EXPECT_EQ(keepalive->enabled, 0);
}

// The backlog a listening socket was given, or -1.
int BacklogOf(int listening_fd) {
  const auto info = ListeningInfo(listening_fd);
  return info ? static_cast<int>(info->tcpi_sacked) : -1;
}

// The kernel caps every backlog at net.core.somaxconn.
int Somaxconn() {
  std::ifstream file("/proc/sys/net/core/somaxconn");
  int value = 0;
  file >> value;
  return value;
}

TEST(ServerOptions, TheListenBacklogIsTheOneAskedFor) {
  http::ServerOptions options;
  options.listen_backlog = 77;
  http::Server server([](http::ResponseWriter&, const http::Request&) {}, std::move(options));
  const int port = server.Start().value();

  const auto listening = ListeningSocketOn(port);

  ASSERT_TRUE(listening);
  EXPECT_EQ(BacklogOf(*listening), std::min(77, Somaxconn()));
}

TEST(ServerOptions, TheDefaultBacklogIsFarAboveCppHttplibsFive) {
  http::Server server([](http::ResponseWriter&, const http::Request&) {});
  const int port = server.Start().value();

  const auto listening = ListeningSocketOn(port);

  ASSERT_TRUE(listening);
  EXPECT_EQ(BacklogOf(*listening), std::min(http::ServerOptions{}.listen_backlog, Somaxconn()));
}

// A handler that answers with the size of the body it got, and the body's last bytes.
http::HandlerFunc EchoBodySize() {
  return [](http::ResponseWriter& w, const http::Request& r) {
    const std::size_t tail = std::min<std::size_t>(r.body.size(), 8);
    w.Write(std::to_string(r.body.size()) + " " + r.body.substr(r.body.size() - tail));
  };
}

TEST(ServerBody, ALargeBodyReachesTheHandlerWhole) {
  http::Server server(EchoBodySize());
  RawClient client = RawClient::Connect(server.Start().value()).value();
  const std::string body = std::string(1 << 20, 'x') + "THE-END";

  ASSERT_TRUE(client.Send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body));
  const auto response = client.ReadResponse(10s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->body, std::to_string(body.size()) + " xTHE-END");
}

TEST(ServerBody, AChunkedBodyIsReassembled) {
  http::Server server(EchoBodySize());
  RawClient client = RawClient::Connect(server.Start().value()).value();

  ASSERT_TRUE(
      client.Send("POST /items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"));
  const auto response = client.ReadResponse();

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->body, "12 o, world");
}

TEST(ServerBody, RequestsWithAndWithoutABodyShareAConnection) {
  http::Server server(EchoBodySize());
  RawClient client = RawClient::Connect(server.Start().value()).value();

  ASSERT_TRUE(client.Send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
  const auto with_body = client.ReadResponse();
  ASSERT_TRUE(client.Send("DELETE /a HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto without_body = client.ReadResponse();

  ASSERT_TRUE(with_body);
  ASSERT_TRUE(without_body);
  EXPECT_EQ(with_body->body, "3 abc");
  EXPECT_EQ(without_body->body, "0 ");
}

// cpp-httplib keeps the raw bytes of a multipart/form-data body to itself: the handler runs and
// gets an empty body, and the connection stays usable.
TEST(ServerBody, AMultipartBodyIsConsumedAndTheHandlerStillRuns) {
  http::Server server(EchoBodySize());
  RawClient client = RawClient::Connect(server.Start().value()).value();
  const std::string form =
      "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\none\r\n--XyZ--\r\n";

  ASSERT_TRUE(client.Send(
      "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
      "Content-Length: " +
      std::to_string(form.size()) + "\r\n\r\n" + form));
  const auto form_response = client.ReadResponse();
  ASSERT_TRUE(client.SendRequest());
  const auto next_response = client.ReadResponse();

  ASSERT_TRUE(form_response) << form_response.error().message();
  EXPECT_EQ(form_response->status, 200);
  EXPECT_EQ(form_response->body, "0 ");
  ASSERT_TRUE(next_response);
  EXPECT_EQ(next_response->status, 200);
}

}  // namespace
}  // namespace server_test
