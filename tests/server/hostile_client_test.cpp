// What a hostile or broken client gets, and what it cannot take from the others: ambiguous
// framing is refused, an oversized body is refused before it is read, a head sent a line at a
// time and an idle keep-alive connection are cut off, and shutdown is bounded and answers 503.
// The long versions (hundreds of connections, huge uploads) are in bench/hostile_clients.sh.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "http/server.h"
#include "listening_socket.h"
#include "serving.h"

namespace server_test {
namespace {

using Clock = std::chrono::steady_clock;

// A response header's value, or "" if the response has none.
std::string HeaderOf(const httptest::RawResponse& response, const std::string& name) {
  const auto found = response.header.find(name);
  return found == response.header.end() ? "" : found->second;
}

http::HandlerFunc EchoBody() {
  return [](http::ResponseWriter& w, const http::Request& r) {
    w.Write(r.body);
  };
}

// Two readings of one request are possible when its length is ambiguous, and a proxy in front of
// the server may take the other one (request smuggling, RFC 9112 section 6.3): refuse and close.
class AmbiguousFraming : public ::testing::TestWithParam<const char*> {};

TEST_P(AmbiguousFraming, IsAnswered400AndTheConnectionClosed) {
  http::Server server(EchoBody());
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.Send(GetParam()));

  const auto response = client.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, http::StatusBadRequest);
  EXPECT_EQ(HeaderOf(*response, "connection"), "close");
  EXPECT_TRUE(client.ServerClosesWithin(5s));
}

INSTANTIATE_TEST_SUITE_P(
    HostileClient, AmbiguousFraming,
    ::testing::Values(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5x\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello"));

TEST(HostileClient, TheSameContentLengthTwiceIsNotAmbiguous) {
  http::Server server(EchoBody());
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(
      client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"
                  "hello"));

  const auto response = client.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, http::StatusOK);
  EXPECT_EQ(response->body, "hello");
}

http::ServerOptions WithMaxBody(std::size_t bytes) {
  http::ServerOptions options;
  options.max_body_bytes = bytes;
  return options;
}

// Only the head and 10 bytes are sent: a 413 that arrives proves the server did not wait for the
// promised megabyte.
TEST(HostileClient, ADeclaredBodyOverTheLimitIsAnswered413BeforeItIsSent) {
  http::Server server(EchoBody(), WithMaxBody(1024));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(
      client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n0123456789"));

  const auto response = client.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, http::StatusRequestEntityTooLarge);
  EXPECT_EQ(HeaderOf(*response, "connection"), "close");
  EXPECT_TRUE(client.ServerClosesWithin(5s));
}

TEST(HostileClient, AChunkedBodyOverTheLimitIsAnswered413) {
  http::Server server(EchoBody(), WithMaxBody(1024));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "200\r\n" + std::string(0x200, 'a') + "\r\n";
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.Send(chunk));  // 1536 bytes, and no end

  const auto response = client.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, http::StatusRequestEntityTooLarge);
  EXPECT_TRUE(client.ServerClosesWithin(5s));
}

TEST(HostileClient, ABodyAtTheLimitIsServed) {
  http::Server server(EchoBody(), WithMaxBody(1024));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  const std::string body(1024, 'b');
  ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" + body));

  const auto response = client.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, http::StatusOK);
  EXPECT_EQ(response->body, body);
}

// Sends `piece(n)` every 100 ms, n = 0, 1, 2..., until the server answers, the connection
// closes, `pieces` were sent or `limit` has passed; then waits up to 1 s more for the answer.
template <class Piece>
std::expected<httptest::RawResponse, std::error_code> Trickle(RawClient& client, Piece piece,
                                                              int pieces,
                                                              std::chrono::milliseconds limit) {
  const auto started = Clock::now();
  std::expected<httptest::RawResponse, std::error_code> response =
      std::unexpected(std::make_error_code(std::errc::timed_out));
  for (int n = 0; !response && n < pieces && Clock::now() - started < limit; ++n) {
    std::this_thread::sleep_for(100ms);  // the trickling client's own pace, not a synchronisation
    if (!client.Send(piece(n))) break;   // closed already
    response = client.ReadResponse(1ms);
  }
  if (!response) response = client.ReadResponse(1s);
  return response;
}

// What a server owes a client that trickles past its deadline: a 408 soon after the deadline
// (well before 3 s), and the connection closed.
void ExpectCutOffWith408(RawClient& client,
                         const std::expected<httptest::RawResponse, std::error_code>& response,
                         Clock::time_point started) {
  ASSERT_TRUE(response) << "no answer after " << (Clock::now() - started) / 1ms << " ms";
  EXPECT_EQ(response->status, http::StatusRequestTimeout);
  EXPECT_LT(Clock::now() - started, 3s) << "the server listened to the trickle too long";
  EXPECT_TRUE(client.ServerClosesWithin(2s));
}

// A line every 100 ms never lets a 5 s read timeout run out: only a deadline for the whole head
// ends it. The server answers 408 and closes, as soon as the deadline passes.
TEST(HostileClient, AHeadSentALineAtATimeIsCutOffAtTheHeaderDeadline) {
  http::ServerOptions options;
  options.header_timeout = 300ms;
  http::Server server(EchoBody(), std::move(options));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  const auto started = Clock::now();
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: x\r\n"));
  const auto response = Trickle(
      client, [](int n) { return "X-Line-" + std::to_string(n) + ": a\r\n"; }, 50, 5s);
  ExpectCutOffWith408(client, response, started);
}

// The same trickle in the body: a byte every 100 ms never lets a 5 s read timeout run out; the
// body's own deadline ends it, with a 408 and the connection closed.
TEST(HostileClient, ABodySentAByteAtATimeIsCutOffAtTheBodyDeadline) {
  http::ServerOptions options;
  options.body_timeout = 300ms;
  http::Server server(EchoBody(), std::move(options));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"));
  const auto started = Clock::now();
  const auto response = Trickle(
      client, [](int) { return std::string("b"); }, 99, 2500ms);
  ExpectCutOffWith408(client, response, started);
}

TEST(HostileClient, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  http::ServerOptions options;
  options.keep_alive_timeout = 200ms;
  http::Server server(EchoBody(), std::move(options));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(client.ReadResponse(5s));
  const auto answered = Clock::now();

  ASSERT_TRUE(client.ServerClosesWithin(5s));

  const auto idle = Clock::now() - answered;
  EXPECT_GE(idle, 150ms) << "closed before the idle timeout";
  EXPECT_LT(idle, 3s);
}

// One trickling client used to make the destructor wait forever: every line restarted cpp-httplib's
// read timeout.
TEST(HostileClient, ShutdownIsCompleteAndQuickWithAClientTricklingItsHead) {
  http::ServerOptions options;
  options.header_timeout = 60s;  // so that only the shutdown can end the trickle
  auto server = std::make_unique<http::Server>(EchoBody(), std::move(options));
  RawClient client = RawClient::Connect(server->Start().value()).value();
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: x\r\n"));
  std::jthread trickle([&client](std::stop_token stop) {
    for (int line = 0; !stop.stop_requested(); ++line) {
      std::this_thread::sleep_for(100ms);  // the client's own pace, not a synchronisation
      if (!client.Send("X-Line-" + std::to_string(line) + ": a\r\n")) return;
    }
  });
  std::this_thread::sleep_for(300ms);  // a few lines in, so the server is reading the head
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 3s);

  const auto started = Clock::now();
  EXPECT_EQ(server->Shutdown(ctx), std::error_code{});
  server.reset();

  EXPECT_LT(Clock::now() - started, 3s);
}

TEST(HostileClient, ShutdownIsCompleteAndQuickWithAnIdleKeepAliveClient) {
  http::ServerOptions options;
  options.keep_alive_timeout = 60s;
  auto server = std::make_unique<http::Server>(EchoBody(), std::move(options));
  RawClient client = RawClient::Connect(server->Start().value()).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(client.ReadResponse(5s));
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 3s);

  const auto started = Clock::now();
  EXPECT_EQ(server->Shutdown(ctx), std::error_code{});
  server.reset();

  EXPECT_LT(Clock::now() - started, 3s);
  EXPECT_TRUE(client.ServerClosesWithin(1s));
}

// The handler gives up when it is cancelled and writes nothing: the client must learn the server
// went away (503), not receive an empty success.
TEST(HostileClient, ARequestInFlightAtShutdownWhoseHandlerWroteNothingGets503) {
  HandlerProbe probe;
  http::Server server(probe.Handler(10s));
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(probe.WaitForStarted(1));

  auto shutdown = std::async(std::launch::async, [&] { return server.Shutdown(); });
  const auto response = client.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, http::StatusServiceUnavailable);
  EXPECT_EQ(HeaderOf(*response, "connection"), "close");
  EXPECT_EQ(shutdown.get(), std::error_code{});
}

TEST(HostileClient, ARequestStillQueuedAtShutdownGets503) {
  HandlerProbe probe;
  http::ServerOptions one_worker;
  one_worker.worker_threads = 1;
  http::Server server(probe.Handler(10s), std::move(one_worker));
  const int port = server.Start().value();
  RawClient busy = RawClient::Connect(port).value();
  ASSERT_TRUE(busy.SendRequest());
  ASSERT_TRUE(probe.WaitForStarted(1));  // the only worker is taken
  RawClient queued = RawClient::Connect(port).value();
  ASSERT_TRUE(queued.SendRequest());
  // Accepted, so it waits in the server's pool, not in the kernel's queue.
  ASSERT_TRUE(AcceptQueueEmpties(port, 5s));

  auto shutdown = std::async(std::launch::async, [&] { return server.Shutdown(); });
  const auto response = queued.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, http::StatusServiceUnavailable);
  EXPECT_EQ(shutdown.get(), std::error_code{});
}

// Several requests in one send: each is answered, in order.
TEST(HostileClient, PipelinedRequestsAreEachAnswered) {
  http::Server server([](http::ResponseWriter& w, const http::Request& r) { w.Write(r.target); });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  std::string requests;
  for (int i = 0; i < 10; ++i)
    requests += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(client.Send(requests));

  for (int i = 0; i < 10; ++i) {
    const auto response = client.ReadResponse(5s);
    ASSERT_TRUE(response) << "response " << i << ": " << response.error().message();
    EXPECT_EQ(response->body, "/" + std::to_string(i));
  }
}

// shutdown(SHUT_WR) after a request means "nothing more from me", not "I left": the context is
// cancelled (ErrClientGone, as Go does), but what the handler writes is still delivered.
TEST(HostileClient, AClientThatHalfClosesAfterItsRequestStillGetsTheAnswer) {
  http::Server server([](http::ResponseWriter& w, const http::Request&) { w.Write("answer"); });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest());
  client.HalfClose();

  const auto response = client.ReadResponse(5s);

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->body, "answer");
}

}  // namespace
}  // namespace server_test
