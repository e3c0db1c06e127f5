// http::Http2Server: the same handlers over HTTP/2, and a reset stream cancels only its own
// request. Real sockets on 127.0.0.1, libnghttp2's client (httptest::Http2Client), bounded waits.
#include "http/http2_server.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "context/context.h"
#include "http/server.h"
#include "http/status.h"
#include "http2_probe.h"
#include "httptest/http2_client.h"
#include "httptest/raw_client.h"

namespace server_test {
namespace {

using namespace std::chrono_literals;
using httptest::Http2Client;

// Default options but for one field: With(&Http2ServerOptions::idle_timeout, 100ms).
template <class Field, class Value>
http::Http2ServerOptions With(Field http::Http2ServerOptions::*field, Value value) {
  http::Http2ServerOptions options;
  options.*field = value;
  return options;
}

// Sends `bytes` on a bare connection and returns everything the server sent until it closed the
// connection; nullopt if it had not within 5 s.
std::optional<std::string> SendAndReadUntilClosed(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string received;
  bool closed = false;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!closed && std::chrono::steady_clock::now() < deadline) {
      pollfd polled{fd, POLLIN, 0};
      if (::poll(&polled, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got > 0) received.append(buffer, static_cast<std::size_t>(got));
      closed = got == 0 || (got < 0 && errno == ECONNRESET);
    }
  }
  ::close(fd);
  if (!closed) return std::nullopt;
  return received;
}

// The error code of the first GOAWAY frame among the HTTP/2 frames in `bytes`, if any.
std::optional<std::uint32_t> GoawayCodeIn(std::string_view bytes) {
  const auto byte = [&](std::size_t at) {
    return static_cast<std::uint8_t>(bytes[at]);
  };
  for (std::size_t at = 0; at + 9 <= bytes.size();) {
    const std::size_t length = (byte(at) << 16) | (byte(at + 1) << 8) | byte(at + 2);
    constexpr std::uint8_t kGoaway = 0x7;
    if (byte(at + 3) == kGoaway && at + 9 + 8 <= bytes.size()) {
      const std::size_t code = at + 9 + 4;  // after the last stream id
      return (std::uint32_t{byte(code)} << 24) | (byte(code + 1) << 16) | (byte(code + 2) << 8) |
             byte(code + 3);
    }
    at += 9 + length;
  }
  return std::nullopt;
}

// The body of a GET's answer, or what went wrong instead.
std::string BodyOf(Http2Client& client, const std::string& path) {
  const auto response = client.Await(client.Send("GET", path));
  if (!response) return "(no answer)";
  if (response->reset) return "(stream reset)";
  return response->body;
}

class Http2 : public testing::Test {
 protected:
  // Starts a server with the probe's handler and these options, and connects a client to it.
  Http2Client Serve(http::Http2ServerOptions options = {}) {
    server_.emplace(probe_.Handler(), std::move(options));
    port_ = server_->Start().value();
    return Connect();
  }
  Http2Client Connect() { return Http2Client::Connect(port_).value(); }

  StreamProbe probe_;  // first: it outlives the server, whose handlers use it
  std::optional<http::Http2Server> server_;
  int port_ = 0;
};

TEST_F(Http2, AnswersWithWhatTheHandlerWrote) {
  Http2Client client = Serve();
  const auto response = client.Await(client.Send("GET", "/hello"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, http::StatusOK);
  EXPECT_EQ(response->body, "hello, world");
  EXPECT_EQ(response->header.Get("content-length"), "12");
  EXPECT_EQ(response->header.Get("content-type"), "text/plain; charset=utf-8");
}

TEST_F(Http2, PassesTheBodyAndHeadersToTheHandler) {
  Http2Client client = Serve();
  const std::string body(100'000, 'x');  // larger than a frame and the initial window
  const auto response = client.Await(client.Send("POST", "/echo", body, {{"x-name", "kim"}}));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, body);
  EXPECT_EQ(response->header.Get("x-echoed-name"), "kim");
}

TEST_F(Http2, AnswersTheStatusTheHandlerChose) {
  Http2Client client = Serve();
  const auto response = client.Await(client.Send("GET", "/nowhere"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, http::StatusNotFound);
}

TEST_F(Http2, AnswersHeadWithTheLengthButNoBody) {
  Http2Client client = Serve();
  const auto response = client.Await(client.Send("HEAD", "/hello"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header.Get("content-length"), "12");
  EXPECT_EQ(response->body, "");
}

TEST_F(Http2, ResettingOneStreamCancelsOnlyThatRequest) {
  Http2Client client = Serve();
  const auto a = client.Send("GET", "/hold/a");
  const auto b = client.Send("GET", "/hold/b");
  const auto c = client.Send("GET", "/hold/c");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(probe_.WaitForStarted("a") && probe_.WaitForStarted("b") &&
              probe_.WaitForStarted("c"));

  client.Reset(b);
  ASSERT_TRUE(client.Flush());
  EXPECT_EQ(probe_.WaitForEnd("b"), http::ErrStreamReset);

  // The two others are still running, their contexts untouched, and answer when let go.
  EXPECT_FALSE(probe_.Ended("a"));
  EXPECT_FALSE(probe_.Ended("c"));
  probe_.Release("a");
  probe_.Release("c");
  const auto answer_a = client.Await(a);
  const auto answer_c = client.Await(c);
  ASSERT_TRUE(answer_a && answer_c);
  EXPECT_EQ(answer_a->body, "a answered");
  EXPECT_EQ(answer_c->body, "c answered");
  EXPECT_EQ(client.Seen(b)->reset, httptest::kH2Cancel);
}

TEST_F(Http2, ClosingTheConnectionCancelsEveryStreamOnIt) {
  Http2Client client = Serve();
  client.Send("GET", "/hold/a");
  client.Send("GET", "/hold/b");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(probe_.WaitForStarted("a") && probe_.WaitForStarted("b"));

  client.Close();
  EXPECT_EQ(probe_.WaitForEnd("a"), http::ErrClientGone);
  EXPECT_EQ(probe_.WaitForEnd("b"), http::ErrClientGone);
}

TEST_F(Http2, AClientGivingUpOnTheConnectionCancelsEveryStreamOnIt) {
  Http2Client client = Serve();
  client.Send("GET", "/hold/a");
  client.Send("GET", "/hold/b");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(probe_.WaitForStarted("a") && probe_.WaitForStarted("b"));

  client.Goaway(httptest::kH2InternalError);
  ASSERT_TRUE(client.Flush());
  EXPECT_EQ(probe_.WaitForEnd("a"), http::ErrClientGone);
  EXPECT_EQ(probe_.WaitForEnd("b"), http::ErrClientGone);
}

TEST_F(Http2, AClientSayingGoodbyeStillGetsItsAnswers) {
  Http2Client client = Serve();
  const auto held = client.Send("GET", "/hold/a");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(probe_.WaitForStarted("a"));

  client.Goaway();                  // NO_ERROR: no new streams, but a is still wanted
  ASSERT_TRUE(client.RoundTrip());  // the server has read the GOAWAY
  EXPECT_FALSE(probe_.Ended("a"));
  probe_.Release("a");
  EXPECT_EQ(client.Await(held)->body, "a answered");
}

TEST_F(Http2, AResetOnOneConnectionLeavesTheOtherConnectionsAlone) {
  Http2Client first = Serve();
  Http2Client second = Connect();
  const auto reset = first.Send("GET", "/hold/first");
  const auto kept = second.Send("GET", "/hold/second");
  ASSERT_TRUE(first.Flush() && second.Flush());
  ASSERT_TRUE(probe_.WaitForStarted("first") && probe_.WaitForStarted("second"));

  first.Reset(reset);
  ASSERT_TRUE(first.Flush());
  EXPECT_EQ(probe_.WaitForEnd("first"), http::ErrStreamReset);
  probe_.Release("second");
  const auto answer = second.Await(kept);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, "second answered");
}

TEST_F(Http2, ARequestsContextIsDoneOnceItsHandlerReturns) {
  std::mutex mutex;
  context::Context kept;
  http::Http2Server server([&](http::ResponseWriter& w, const http::Request& r) {
    const std::scoped_lock lock(mutex);
    kept = r.Context();
    w.Write("done");
  });
  Http2Client client = Http2Client::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.Await(client.Send("GET", "/")));
  const std::scoped_lock lock(mutex);
  EXPECT_EQ(kept.Err(), context::Canceled);
  EXPECT_EQ(context::Cause(kept), context::Canceled);
}

TEST_F(Http2, AStreamResetWhileItWaitsForAThreadNeverStartsItsHandler) {
  Http2Client client = Serve(With(&http::Http2ServerOptions::handler_threads, 1));
  const auto busy = client.Send("GET", "/hold/busy");  // takes the only thread
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(probe_.WaitForStarted("busy"));
  const auto waiting = client.Send("GET", "/hold/waiting");
  ASSERT_TRUE(client.RoundTrip());  // queued behind "busy" now
  client.Reset(waiting);
  ASSERT_TRUE(client.RoundTrip());  // the server has read the reset
  probe_.Release("busy");
  ASSERT_TRUE(client.Await(busy));
  // The thread was free for what was queued: a request sent now is answered only after it.
  ASSERT_EQ(BodyOf(client, "/hello"), "hello, world");
  EXPECT_FALSE(probe_.Started("waiting"));
  const http::Http2Counts counts = server_->Counts();
  EXPECT_EQ(counts.streams, 3u);
  EXPECT_EQ(counts.resets, 1u);
  EXPECT_EQ(counts.handlers_started, 2u) << "busy's and /hello's only";
}

TEST_F(Http2, ShutdownSaysGoawayAndCancelsWhatRunsWithServerClosed) {
  Http2Client client = Serve();
  const auto held = client.Send("GET", "/hold/a");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(probe_.WaitForStarted("a"));

  EXPECT_EQ(server_->Shutdown(), std::error_code{});
  EXPECT_EQ(probe_.WaitForEnd("a"), http::ErrServerClosed);
  const auto answer = client.Await(held);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, http::StatusServiceUnavailable);
  client.Pump(100ms);
  EXPECT_EQ(client.GoawayCode(), httptest::kH2NoError);
  EXPECT_FALSE(Http2Client::Connect(port_).has_value()) << "still accepting after Shutdown";
}

TEST_F(Http2, ShutdownWaitsNoLongerThanItsContext) {
  std::atomic<bool> release = false;
  http::Http2Server server([&](http::ResponseWriter&, const http::Request&) {
    while (!release) std::this_thread::sleep_for(1ms);  // ignores its context on purpose
  });
  Http2Client client = Http2Client::Connect(server.Start().value()).value();
  client.Send("GET", "/");
  ASSERT_TRUE(client.Pump(50ms));
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 100ms);
  EXPECT_EQ(server.Shutdown(ctx), context::DeadlineExceeded);
  release = true;  // the destructor then waits for the handler
}

TEST_F(Http2, AdvertisesItsStreamLimit) {
  Http2Client client = Serve(With(&http::Http2ServerOptions::max_concurrent_streams, 7));
  ASSERT_TRUE(client.Await(client.Send("GET", "/hello")));
  EXPECT_EQ(client.ServerMaxConcurrentStreams(), 7u);
}

TEST_F(Http2, RefusesABodyOverTheLimitWith413) {
  Http2Client client = Serve(With(&http::Http2ServerOptions::max_body_bytes, 1000));
  const auto response = client.Await(client.Send("POST", "/echo", std::string(5000, 'x')));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, http::StatusRequestEntityTooLarge);
  const auto next = client.Await(client.Send("GET", "/hello"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello, world");
}

TEST_F(Http2, RefusesAHeadOverTheLimitWith431) {
  Http2Client client = Serve(With(&http::Http2ServerOptions::max_header_bytes, 1000));
  const auto response =
      client.Await(client.Send("GET", "/hello", {}, {{"x-large", std::string(2000, 'x')}}));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, http::StatusRequestHeaderFieldsTooLarge);
  EXPECT_EQ(BodyOf(client, "/hello"), "hello, world");
}

TEST_F(Http2, AnswersAThrowingHandlerWith500AndCarriesOn) {
  Http2Client client = Serve();
  const auto failed = client.Await(client.Send("GET", "/throw"));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, http::StatusInternalServerError);
  EXPECT_EQ(BodyOf(client, "/hello"), "hello, world");
}

TEST_F(Http2, TellsAnHttp1ClientItSpeaksOnlyHttp2AndServesOthers) {
  Http2Client client = Serve();
  auto http1 = httptest::RawClient::Connect(port_).value();
  ASSERT_TRUE(http1.SendRequest());
  const auto refused = http1.ReadResponse();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 505);
  EXPECT_EQ(BodyOf(client, "/hello"), "hello, world");
}

TEST_F(Http2, ClosesAConnectionThatSendsGarbageAfterThePrefaceAndServesOthers) {
  Http2Client client = Serve();
  // The connection preface, then a SETTINGS frame announced 16 MB long, over the 16 KB limit.
  const auto reply =
      SendAndReadUntilClosed(port_, std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") +
                                        std::string("\xff\xff\xff\x04\x00\x00\x00\x00\x00", 9));
  ASSERT_TRUE(reply) << "the connection was kept open";
  EXPECT_EQ(GoawayCodeIn(*reply), 0x6u) << "no GOAWAY with FRAME_SIZE_ERROR before the close";
  EXPECT_EQ(BodyOf(client, "/hello"), "hello, world");
}

TEST_F(Http2, ClosesAConnectionWhoseClientReadsNothing) {
  Http2Client normal = Serve(With(&http::Http2ServerOptions::write_timeout, 200ms));
  Http2Client stalled = Http2Client::Connect(port_, /*stream_window=*/0).value();
  const auto stream = stalled.Send("GET", "/hello");  // its answer can never be sent
  EXPECT_FALSE(stalled.Pump(3s)) << "a client that reads nothing kept its connection";
  EXPECT_EQ(stalled.Seen(stream)->body, "") << "the answer went through a shut window";
  EXPECT_EQ(BodyOf(normal, "/hello"), "hello, world");
}

TEST_F(Http2, ShutdownClosesAConnectionThatNeverSpokeAtOnce) {
  Serve();
  auto silent = httptest::RawClient::Connect(port_).value();
  // Connections are accepted in order: once a later one has been served, this one is open.
  Http2Client later = Connect();
  ASSERT_TRUE(later.RoundTrip());
  auto [ctx, cancel] = context::WithTimeout(context::Background(), 2s);  // idle_timeout is 5 s
  EXPECT_EQ(server_->Shutdown(ctx), std::error_code{});
  EXPECT_TRUE(silent.ServerClosesWithin(1s));
}

TEST_F(Http2, ClosesAConnectionThatStaysIdle) {
  Http2Client idle = Serve(With(&http::Http2ServerOptions::idle_timeout, 100ms));
  ASSERT_EQ(BodyOf(idle, "/hello"), "hello, world");
  auto silent = httptest::RawClient::Connect(port_).value();  // never sends the preface
  EXPECT_TRUE(silent.ServerClosesWithin(5s));
  EXPECT_TRUE(idle.Pump(5s) == false) << "an idle connection was kept";
  EXPECT_EQ(idle.GoawayCode(), httptest::kH2NoError);
  Http2Client next = Connect();
  EXPECT_EQ(BodyOf(next, "/hello"), "hello, world");
}

// CVE-2023-44487: streams opened and reset at once, as fast as a client can, on a few connections
// (libnghttp2 closes each after 1,000 resets in a burst; the attacker then opens another, as the
// real ones did). A handler is started only for a stream whose reset had not arrived yet, and
// each one started is cancelled; a normal client on its own connection is answered meanwhile.
// bench/ has the long run (100,000 streams) and its figures.
TEST_F(Http2, ARapidResetFloodStartsLittleCancelsAllItStartedAndOthersAreServed) {
  Http2Client normal = Serve(With(&http::Http2ServerOptions::handler_threads, 4));
  constexpr int kStreams = 3000;
  int sent = 0;
  int connections = 0;
  while (sent < kStreams && connections < 50) {
    Http2Client attacker = Connect();
    ++connections;
    while (sent < kStreams && !attacker.Ended()) {
      for (int i = 0; i < 100 && sent < kStreams; ++i, ++sent) {
        const auto stream = attacker.Send("GET", "/hold/" + std::to_string(sent));
        // One in ten reaches the server before its reset, so that some handlers do start.
        if (i % 10 == 0) attacker.Flush();
        attacker.Reset(stream);
      }
      attacker.Flush();
    }
    // Before this connection closes, the server has read all of it (or closed it itself,
    // after its burst of resets): a socket buffer full under load must not lose frames.
    attacker.RoundTrip();
  }
  EXPECT_EQ(sent, kStreams);
  EXPECT_EQ(BodyOf(normal, "/hello"), "hello, world") << "a normal client was not served";

  // Every handler that started ends, cancelled by its reset or its connection's end...
  ASSERT_TRUE(probe_.WaitForAllEnded(10s))
      << probe_.StartedCount() << " handlers started, not all of them ended";
  // ...and once the server has stopped, no handler is left to start: the counts are final.
  ASSERT_EQ(server_->Shutdown(), std::error_code{});
  const auto ended = probe_.WaitForAllEnded(10s);
  ASSERT_TRUE(ended);
  for (const auto& [name, cause] : *ended) {
    EXPECT_TRUE(cause == http::ErrStreamReset || cause == http::ErrClientGone)
        << "/hold/" << name << " ended with " << cause.message();
  }
  const http::Http2Counts counts = server_->Counts();
  EXPECT_EQ(counts.handlers_started, ended->size() + 1) << "the held handlers, and /hello's";
  EXPECT_GT(counts.resets, 0u);
  RecordProperty("handlers_started", static_cast<int>(ended->size()));
  RecordProperty("connections", connections);
}

TEST(Http2AndHttp1, ServeTheSameHandler) {
  const http::HandlerFunc hello = [](http::ResponseWriter& w, const http::Request& r) {
    w.Write("hello from " + r.target);
  };
  http::Server http1(hello);
  http::Http2Server http2(hello);
  auto one = httptest::RawClient::Connect(http1.Start().value()).value();
  ASSERT_TRUE(one.SendRequest("GET", "/same"));
  auto two = Http2Client::Connect(http2.Start().value()).value();
  const auto over_http2 = two.Await(two.Send("GET", "/same"));
  const auto over_http1 = one.ReadResponse();
  ASSERT_TRUE(over_http1 && over_http2);
  EXPECT_EQ(over_http1->body, "hello from /same");
  EXPECT_EQ(over_http2->body, "hello from /same");
}

}  // namespace
}  // namespace server_test
