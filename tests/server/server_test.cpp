// What a client that stays gets: the handler's status, headers and body; the request as sent;
// the values the BaseContext and ConnContext hooks add; a 500 if the handler throws; and service
// for a new client even when every worker once held an abandoned slow request.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>

#include "serving.h"

namespace server_test {
namespace {

class StatusCode : public ::testing::TestWithParam<int> {};

TEST_P(StatusCode, IsTheOneTheHandlerChose) {
  const int status = GetParam();
  http::Server server([status](http::ResponseWriter& w, const http::Request&) {
    w.Header().Set("X-Answer", "chosen");
    w.WriteHeader(status);
    w.Write("body");
  });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, status);
  EXPECT_EQ(response->header.at("x-answer"), "chosen");
  EXPECT_EQ(response->body, "body");
}

INSTANTIATE_TEST_SUITE_P(HttpServer, StatusCode,
                         ::testing::Values(http::StatusOK, http::StatusInternalServerError,
                                           http::StatusServiceUnavailable,
                                           http::StatusGatewayTimeout));

TEST(HttpServer, AHandlerThatWritesNothingAnswers200WithAnEmptyBody) {
  http::Server server([](http::ResponseWriter&, const http::Request&) {});
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "");
}

TEST(HttpServer, GivesTheHandlerTheRequestAsSent) {
  std::mutex mutex;
  http::Request seen;
  http::Server server([&](http::ResponseWriter&, const http::Request& r) {
    const std::scoped_lock lock(mutex);
    seen = r;
  });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.Send(
      "POST /users?id=7 HTTP/1.1\r\nHost: x\r\nX-Trace: abc\r\nContent-Length: 4\r\n\r\nname"));
  ASSERT_TRUE(client.ReadResponse());

  const std::scoped_lock lock(mutex);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/users?id=7");
  EXPECT_EQ(seen.header.Get("x-trace"), "abc");
  EXPECT_FALSE(seen.header.Has("REMOTE_ADDR"));  // cpp-httplib's bookkeeping stays out
  EXPECT_EQ(seen.body, "name");
}

TEST(HttpServer, AHandlerThatThrowsAnswers500AndTheServerGoesOn) {
  http::Server server([](http::ResponseWriter& w, const http::Request& r) {
    if (r.target == "/throw") throw std::runtime_error("broken");
    w.Write("fine");
  });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  ASSERT_TRUE(client.SendRequest("GET", "/throw"));
  const auto thrown = client.ReadResponse();
  ASSERT_TRUE(client.SendRequest("GET", "/"));
  const auto fine = client.ReadResponse();

  ASSERT_TRUE(thrown && fine);
  EXPECT_EQ(thrown->status, 500);
  EXPECT_EQ(fine->body, "fine");
}

struct ServerName {
  using type = std::string;
};
struct ClientPort {
  using type = int;
};

TEST(HttpServer, BaseContextAndConnContextValuesReachEveryRequest) {
  std::atomic<int> connections = 0;
  http::ServerOptions options;
  options.base_context = [] {
    return context::WithValue<ServerName>(context::Background(), "main");
  };
  options.conn_context = [&](const context::Context& base, const http::ConnInfo& connection) {
    ++connections;
    return context::WithValue<ClientPort>(base, connection.remote_port);
  };
  http::Server server(
      [](http::ResponseWriter& w, const http::Request& r) {
        w.Write(*r.Context().Value<ServerName>() + " " +
                std::to_string(*r.Context().Value<ClientPort>()));
      },
      std::move(options));
  const int port = server.Start().value();
  RawClient first = RawClient::Connect(port).value();
  RawClient second = RawClient::Connect(port).value();

  std::vector<std::string> bodies;
  for (RawClient* client : {&first, &first, &second}) {
    ASSERT_TRUE(client->SendRequest());
    const auto response = client->ReadResponse();
    ASSERT_TRUE(response);
    bodies.push_back(response->body);
  }

  EXPECT_TRUE(bodies[0].starts_with("main "));
  EXPECT_EQ(bodies[0], bodies[1]);  // same connection, same port
  EXPECT_NE(bodies[0], bodies[2]);
  EXPECT_EQ(connections, 2);  // once per connection, not per request
}

// With two workers, six slow requests whose clients hang up: without hang-up detection each
// would hold a worker for ten seconds, and the new client would wait thirty.
TEST(HttpServer, AbandonedSlowRequestsDoNotStarveANewClient) {
  HandlerProbe probe;
  const http::HandlerFunc slow = probe.Handler(10s);
  http::ServerOptions options;
  options.worker_threads = 2;
  http::Server server(
      [&](http::ResponseWriter& w, const http::Request& r) {
        if (r.target == "/slow") return slow(w, r);
        w.Write("fast");
      },
      std::move(options));
  const int port = server.Start().value();
  for (int i = 1; i <= 6; ++i) {
    RawClient client = RawClient::Connect(port).value();
    ASSERT_TRUE(client.SendRequest("GET", "/slow"));
    ASSERT_TRUE(probe.WaitForStarted(i)) << "slow request " << i << " never got a worker";
    client.Reset();
  }
  RawClient fast = RawClient::Connect(port).value();
  ASSERT_TRUE(fast.SendRequest("GET", "/fast"));

  const auto response = fast.ReadResponse();

  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->body, "fast");
}

}  // namespace
}  // namespace server_test
