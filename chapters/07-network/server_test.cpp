// Chapter 7, end to end: a client, the front server, Redis and the profile service, all real.
// The client's request crosses two servers; a hang-up, a deadline or a shutdown at the front
// must reach the work at the far end.
#include "server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>

#include "cancelkit_testing/redis_server.h"
#include "context/context.h"
#include "http/server.h"
#include "http/status.h"
#include "httptest/raw_client.h"
#include "redis.h"
#include "spies/ch07/spy_profile_service.h"
#include "upstream_call.h"

namespace {

using namespace std::chrono_literals;

// Longer than any test waits: work this long only ends because something stopped it.
constexpr auto kForever = 30s;
// How long a test waits for what must happen within milliseconds: only a broken handler, or
// one that never passes the context on, needs more.
constexpr auto kPatience = 5s;

class Server : public ::testing::Test {
 protected:
  // The profile service works `work` per request, behind WithDeadlineFromHeader; the front
  // server gives each request's work `request_timeout`.
  void Start(std::chrono::milliseconds work, std::chrono::milliseconds request_timeout) {
    profiles = std::make_unique<spies::SpyProfileService>(work);
    upstream =
        std::make_unique<http::Server>(tutorial::WithDeadlineFromHeader(profiles->Handler()));
    const auto upstream_port = upstream->Start();
    ASSERT_TRUE(upstream_port) << upstream_port.error().message();
    front = std::make_unique<http::Server>(tutorial::Server(
        {.cache = cache, .upstream_host = "127.0.0.1", .upstream_port = *upstream_port},
        request_timeout));
    const auto front_port = front->Start();
    ASSERT_TRUE(front_port) << front_port.error().message();
    port = *front_port;
  }

  // The upstream goes first: a front handler still waiting for it (one that does not pass its
  // context on) is then answered, and the front server can stop.
  void TearDown() override {
    if (upstream) upstream->Shutdown();
    front.reset();
    upstream.reset();
  }

  httptest::RawClient Connect() {
    auto client = httptest::RawClient::Connect(port);
    EXPECT_TRUE(client) << client.error().message();
    return std::move(*client);
  }

  std::expected<httptest::RawResponse, std::error_code> Get(std::string_view target) {
    auto client = Connect();
    if (auto sent = client.SendRequest("GET", target); !sent) return std::unexpected(sent.error());
    return client.ReadResponse(kPatience);
  }

  cancelkit_testing::RedisServer redis;
  redis::Pool cache{redis.SocketPath()};
  std::unique_ptr<spies::SpyProfileService> profiles;
  std::unique_ptr<http::Server> upstream;
  std::unique_ptr<http::Server> front;
  int port = 0;
};

TEST_F(Server, AnswersFromTheProfileServiceThenFromTheCache) {
  Start(/*work=*/0ms, /*request_timeout=*/kPatience);

  for (int i = 0; i < 2; ++i) {
    const auto answer = Get("/profiles/ada");
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ(answer->status, http::StatusOK);
    EXPECT_EQ(answer->body, "profile of ada\n");
  }
  EXPECT_EQ(profiles->Requests(), 1) << "the second answer should have come from Redis";
}

TEST_F(Server, AClientThatHangsUpStopsTheProfileServicesWork) {
  Start(kForever, kForever);
  auto client = Connect();
  ASSERT_TRUE(client.SendRequest("GET", "/profiles/ada"));
  ASSERT_TRUE(profiles->WaitForWorkToStart()) << "the request never reached the profile service";

  client.Close();

  const auto work = profiles->WaitForWorkToEnd(kPatience);
  ASSERT_TRUE(work) << "the profile service went on working for a client that had gone";
  EXPECT_EQ(work->err, context::Canceled);
  EXPECT_EQ(work->cause, http::ErrClientGone)
      << "the profile service should see its own client, the front server, hang up";
}

TEST_F(Server, TheProfileServiceLearnsHowMuchTimeIsLeft) {
  Start(/*work=*/0ms, /*request_timeout=*/kForever);

  const auto answer = Get("/profiles/ada");
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(answer->status, http::StatusOK);

  const auto work = profiles->WaitForWorkToEnd();
  ASSERT_TRUE(work);
  ASSERT_TRUE(work->time_left) << "the call to the profile service carried no deadline";
  EXPECT_GT(*work->time_left, 0ms);
  EXPECT_LE(*work->time_left, kForever);
}

TEST_F(Server, ARequestThatRunsOutOfTimeGetsGatewayTimeout) {
  // Long enough for the call to reach the profile service first, even on a loaded machine.
  Start(kForever, /*request_timeout=*/1s);

  const auto answer = Get("/profiles/ada");

  ASSERT_TRUE(answer) << "no answer within " << kPatience.count() << " ms";
  EXPECT_EQ(answer->status, http::StatusGatewayTimeout);
  const auto work = profiles->WaitForWorkToEnd(kPatience);
  ASSERT_TRUE(work) << "the profile service went on working after the front server gave up";
  EXPECT_TRUE(work->err);
}

TEST_F(Server, AServerShuttingDownAsksItsClientsToTryAgain) {
  Start(kForever, kForever);
  auto client = Connect();
  ASSERT_TRUE(client.SendRequest("GET", "/profiles/ada"));
  ASSERT_TRUE(profiles->WaitForWorkToStart()) << "the request never reached the profile service";

  // Shutdown() waits for the handler; bounded, so that one that never returns fails the test.
  std::jthread shutting_down([this] {
    auto [grace, cancel] = context::WithTimeout(context::Background(), 2s);
    front->Shutdown(grace);
    cancel();
  });
  const auto answer = client.ReadResponse(kPatience);

  ASSERT_TRUE(answer) << "no answer within " << kPatience.count() << " ms";
  EXPECT_EQ(answer->status, http::StatusServiceUnavailable);
  EXPECT_TRUE(answer->header.contains("Retry-After"))
      << "the handler's own answer, not the server's bare 503, should say when to come back";
}

}  // namespace
