// The three ways a request's context ends early: the client hangs up (full close, half-close,
// reset), the handler returns, the server shuts down. And what must not end it: keep-alive,
// pipelining, HEAD.
#include <gtest/gtest.h>

#include <latch>

#include "http/server.h"
#include "serving.h"

namespace server_test {
namespace {

class HangUp : public ::testing::Test {
 protected:
  // Serves the probe's handler, which waits up to `patience` for its request to be cancelled.
  int Start(std::chrono::milliseconds patience = 10s, http::ServerOptions options = {}) {
    server_.emplace(probe_.Handler(patience), std::move(options));
    return server_->Start().value();
  }

  HandlerProbe probe_;
  std::optional<http::Server> server_;  // stops before the probe it calls goes away
};

TEST_F(HangUp, ClientThatClosesCancelsTheRequest) {
  RawClient client = RawClient::Connect(Start()).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(probe_.WaitForStarted());

  client.Close();

  EXPECT_EQ(probe_.WaitForFinished(), context::Canceled);
}

TEST_F(HangUp, ClientThatHalfClosesCancelsTheRequest) {
  RawClient client = RawClient::Connect(Start()).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(probe_.WaitForStarted());

  client.HalfClose();

  EXPECT_EQ(probe_.WaitForFinished(), context::Canceled);
}

TEST_F(HangUp, ClientThatResetsCancelsTheRequest) {
  RawClient client = RawClient::Connect(Start()).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(probe_.WaitForStarted());

  client.Reset();

  EXPECT_EQ(probe_.WaitForFinished(), context::Canceled);
}

TEST_F(HangUp, ClientThatHungUpBeforeTheHandlerStartedCancelsItAtOnce) {
  // The request and the FIN arrive together: the watch starts on a connection already half-closed.
  RawClient client = RawClient::Connect(Start()).value();
  ASSERT_TRUE(client.SendRequest());
  client.HalfClose();

  EXPECT_EQ(probe_.WaitForFinished(), context::Canceled);
}

TEST_F(HangUp, EveryOneOfManyResetsCancelsItsRequest) {
  const int port = Start();
  constexpr int kClients = 50;
  for (int i = 1; i <= kClients; ++i) {
    RawClient client = RawClient::Connect(port).value();
    ASSERT_TRUE(client.SendRequest());
    ASSERT_TRUE(probe_.WaitForStarted(i));
    client.Reset();
    ASSERT_EQ(probe_.WaitForFinished(static_cast<std::size_t>(i)), context::Canceled) << i;
  }
}

TEST_F(HangUp, ClientThatWaitsIsAnsweredAndNotCancelled) {
  RawClient client = RawClient::Connect(Start(50ms)).value();  // the handler works for 50 ms
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello, world");
  EXPECT_EQ(probe_.WaitForFinished(), std::error_code{});
}

TEST(HangUpAfterTheHandler, TheContextIsCancelledWhenTheHandlerReturns) {
  // Work that wrongly kept the request's context finds it cancelled.
  const std::optional<context::Context> kept = ContextKeptPastTheHandler();

  ASSERT_TRUE(kept) << "the request was not answered";
  EXPECT_EQ(kept->Err(), context::Canceled);
  EXPECT_EQ(context::Cause(*kept), context::Canceled);  // neither a hang-up nor a shutdown
}

TEST_F(HangUp, ShutdownCancelsRunningHandlers) {
  RawClient client = RawClient::Connect(Start()).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(probe_.WaitForStarted());

  const std::error_code shutdown = server_->Shutdown();

  EXPECT_EQ(shutdown, std::error_code{});
  EXPECT_EQ(probe_.WaitForFinished(), context::Canceled);
}

TEST(HangUpShutdown, GivesUpWaitingWhenItsContextEnds) {
  std::latch release(1);
  std::latch started(1);
  // A handler that ignores its context: Shutdown cannot make it return.
  http::Server server([&](http::ResponseWriter&, const http::Request&) {
    started.count_down();
    release.wait();
  });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest());
  started.wait();

  auto [deadline, cancel] = context::WithTimeout(context::Background(), 50ms);
  const std::error_code shutdown = server.Shutdown(deadline);
  cancel();
  release.count_down();  // now the destructor can finish the shutdown

  EXPECT_EQ(shutdown, context::DeadlineExceeded);
}

TEST_F(HangUp, KeepAliveRequestsAreNotHangUps) {
  RawClient client = RawClient::Connect(Start(20ms)).value();

  for (std::size_t i = 1; i <= 3; ++i) {
    ASSERT_TRUE(client.SendRequest());
    const auto response = client.ReadResponse();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->body, "hello, world");
    EXPECT_EQ(probe_.WaitForFinished(i), std::error_code{}) << i;
  }
}

// The second request arrives while the first one's handler runs: readable data, not a hang-up.
TEST(HangUpPipelining, APipelinedRequestIsNotAHangUp) {
  std::latch second_request_sent(1);
  std::latch first_started(1);
  std::mutex mutex;
  std::vector<std::error_code> seen;
  http::Server server([&](http::ResponseWriter& w, const http::Request& r) {
    if (r.target == "/first") {
      first_started.count_down();
      second_request_sent.wait();
      WaitUntilDone(r.Context(), 50ms);  // gives a wrongly reported hang-up time to arrive
    }
    const std::scoped_lock lock(mutex);
    seen.push_back(r.Context().Err());
    w.Write(r.target);
  });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest("GET", "/first"));
  first_started.wait();
  ASSERT_TRUE(client.SendRequest("GET", "/second"));
  second_request_sent.count_down();

  const auto first = client.ReadResponse();
  const auto second = client.ReadResponse();

  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "/first");
  EXPECT_EQ(second->body, "/second");
  const std::scoped_lock lock(mutex);
  EXPECT_EQ(seen, (std::vector<std::error_code>{{}, {}}));
}

TEST_F(HangUp, ClientThatPipelinesThenClosesCancelsTheRequest) {
  RawClient client = RawClient::Connect(Start()).value();
  ASSERT_TRUE(client.SendRequest("GET", "/first"));
  ASSERT_TRUE(probe_.WaitForStarted());
  ASSERT_TRUE(client.SendRequest("GET", "/second"));

  client.Close();

  EXPECT_EQ(probe_.WaitForFinished(), context::Canceled);
}

TEST_F(HangUp, HeadIsAnsweredWithoutABodyAndNotCancelled) {
  RawClient client = RawClient::Connect(Start(20ms)).value();
  ASSERT_TRUE(client.SendRequest("HEAD", "/"));

  const auto head = client.ReadResponse(5s, /*head=*/true);

  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(probe_.MethodSeen(), "HEAD");
  EXPECT_EQ(probe_.WaitForFinished(), std::error_code{});
  // Had a body been sent after all, it would now be read as the next response.
  ASSERT_TRUE(client.SendRequest("GET", "/"));
  const auto get = client.ReadResponse();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "hello, world");
}

}  // namespace
}  // namespace server_test
