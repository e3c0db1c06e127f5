// Chapter 8: your StreamContexts in a real HTTP/2 server, with the lesson's scenario: one
// connection, three requests in flight, and the client resets one of them.
#include "http/server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "http/http2_server.h"
#include "http/status.h"
#include "httptest/http2_client.h"
#include "server.h"
#include "spies/ch08/spy_store.h"
#include "stream_contexts.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;
using httptest::Http2Client;

// How long a test waits for a store that must stop: cancellation takes microseconds, so this is
// a margin of thousands, and still short enough that two stores nothing stops fail the test
// before the hang watchdog would.
constexpr auto kStops = 3s;

class Http2Server : public testing::Test {
 protected:
  Http2Server() {
    http::Http2ServerOptions options;
    options.stream_contexts = NewStreamContexts;  // yours
    server_.emplace(Server(store_), std::move(options));
    port_ = server_->Start().value();
  }

  Http2Client Connect() { return Http2Client::Connect(port_).value(); }

  spies::ch08::SpyStore store_;  // first: the server's handlers use it until it has stopped
  std::optional<http::Http2Server> server_;
  int port_ = 0;
};

TEST_F(Http2Server, ResettingOneOfThreeRequestsStopsOnlyItsStore) {
  Http2Client client = Connect();
  const auto a = client.Send("GET", "/a");
  const auto b = client.Send("GET", "/b");
  const auto c = client.Send("GET", "/c");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(store_.WaitForStarted("a") && store_.WaitForStarted("b") &&
              store_.WaitForStarted("c"));

  client.Reset(b);  // RST_STREAM: the client no longer wants b; the connection stays
  ASSERT_TRUE(client.Flush());
  EXPECT_EQ(store_.WaitForEnd("b", kStops), http::ErrStreamReset)
      << "b's store must stop, and know why";

  EXPECT_FALSE(store_.Ended("a")) << "a's client still waits: its store must go on";
  EXPECT_FALSE(store_.Ended("c")) << "c's client still waits: its store must go on";
  store_.Release("a");
  store_.Release("c");
  const auto answer_a = client.Await(a);
  const auto answer_c = client.Await(c);
  ASSERT_TRUE(answer_a && answer_c) << "the two other requests got no answer";
  EXPECT_EQ(answer_a->body, "data of a");
  EXPECT_EQ(answer_c->body, "data of c");
}

TEST_F(Http2Server, ARequestOnTheSameConnectionAfterAResetIsAnswered) {
  Http2Client client = Connect();
  const auto b = client.Send("GET", "/b");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(store_.WaitForStarted("b"));
  client.Reset(b);
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(store_.WaitForEnd("b", kStops)) << "the reset did not stop b's store";

  store_.Release("d");
  const auto answer = client.Await(client.Send("GET", "/d"));
  ASSERT_TRUE(answer) << "a reset must not spoil the connection for the next request";
  EXPECT_EQ(answer->body, "data of d");
}

TEST_F(Http2Server, ClosingTheConnectionStopsEveryStoreOnIt) {
  Http2Client client = Connect();
  client.Send("GET", "/a");
  client.Send("GET", "/b");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(store_.WaitForStarted("a") && store_.WaitForStarted("b"));

  client.Close();
  EXPECT_EQ(store_.WaitForEnd("a", kStops), http::ErrClientGone) << "a's store was not stopped";
  EXPECT_EQ(store_.WaitForEnd("b", kStops), http::ErrClientGone) << "b's store was not stopped";
}

TEST_F(Http2Server, AResetOnAnotherConnectionChangesNothingHere) {
  Http2Client first = Connect();
  Http2Client second = Connect();
  const auto a = first.Send("GET", "/a");
  const auto b = second.Send("GET", "/b");
  ASSERT_TRUE(first.Flush() && second.Flush());
  ASSERT_TRUE(store_.WaitForStarted("a") && store_.WaitForStarted("b"));

  second.Reset(b);
  ASSERT_TRUE(second.Flush());
  EXPECT_EQ(store_.WaitForEnd("b", kStops), http::ErrStreamReset);
  store_.Release("a");
  const auto answer = first.Await(a);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, "data of a");
}

TEST_F(Http2Server, ShuttingDownStopsEveryStoreAndAnswers503) {
  Http2Client client = Connect();
  const auto a = client.Send("GET", "/a");
  ASSERT_TRUE(client.Flush());
  ASSERT_TRUE(store_.WaitForStarted("a"));

  auto [ctx, cancel] = context::WithTimeout(context::Background(), kStops);
  EXPECT_EQ(server_->Shutdown(ctx), std::error_code{}) << "a store kept the server from stopping";
  EXPECT_EQ(store_.WaitForEnd("a", kStops), http::ErrServerClosed);
  const auto answer = client.Await(a);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, http::StatusServiceUnavailable);
}

}  // namespace
}  // namespace tutorial
