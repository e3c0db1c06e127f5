// Chapter 4: the handler of chapter 3 served for real. Every test talks to it over TCP on
// 127.0.0.1 with httptest::RawClient, which can hang up exactly as a real client would.
#include "server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "http/server.h"
#include "httptest/raw_client.h"
#include "spies/ch04/spy_store.h"

namespace {

using namespace std::chrono_literals;
using httptest::RawClient;

using spies::SpyStore;

// A store that fails at once with `error`, for reasons of its own: its database is down, its own
// deadline passed, its connection pool cancelled the query. The client is still connected.
class FailingStore final : public tutorial::Store {
 public:
  explicit FailingStore(std::error_code error) : error_(error) {}
  std::expected<std::string, std::error_code> Fetch(const context::Context&) override {
    return std::unexpected(error_);
  }

 private:
  std::error_code error_;
};

// Passes everything to the real writer, and remembers whether the handler wrote anything.
class WriteSpy final : public http::ResponseWriter {
 public:
  explicit WriteSpy(http::ResponseWriter& real) : real_(real) {}
  http::Header& Header() override { return Touch().Header(); }
  std::expected<std::size_t, std::error_code> Write(std::string_view bytes) override {
    return Touch().Write(bytes);
  }
  void WriteHeader(int status) override { Touch().WriteHeader(status); }
  bool Written() const { return written_; }

 private:
  http::ResponseWriter& Touch() {
    written_ = true;
    return real_;
  }
  http::ResponseWriter& real_;
  bool written_ = false;
};

// A few worker threads are plenty for one client, and quick to start under a sanitizer.
http::ServerOptions FewWorkers() {
  http::ServerOptions options;
  options.worker_threads = 4;
  return options;
}

// Serves tutorial::Server(store) on an ephemeral port for the length of a test.
class Server : public ::testing::Test {
 protected:
  void Serve(tutorial::Store& served) {
    handler_ = tutorial::Server(served);
    server_.emplace(
        [this](http::ResponseWriter& w, const http::Request& r) {
          WriteSpy spy(w);
          handler_(spy, r);
          {
            const std::scoped_lock lock(handler_mutex_);
            handler_wrote_ = handler_wrote_ || spy.Written();
            handler_returned_ = true;
          }
          handler_returned_signal_.notify_all();
        },
        FewWorkers());
    port_ = server_->Start().value();
  }

  RawClient Connect() const { return RawClient::Connect(port_).value(); }
  // Whether the handler wrote anything, asked once it has returned (it may still be writing when
  // the store's Fetch ends). Fails the test if the handler has not returned within 4 s.
  bool HandlerWroteSomething() {
    std::unique_lock lock(handler_mutex_);
    const bool returned =
        handler_returned_signal_.wait_for(lock, 4s, [this] { return handler_returned_; });
    EXPECT_TRUE(returned) << "the handler did not return";
    return handler_wrote_;
  }
  http::Server& RunningServer() { return *server_; }

  // The stores live in the fixture, before the server: a handler may still be using its store
  // until the server has stopped.
  SpyStore store{"hello, world"};
  SpyStore other_store{"good night, moon"};  // so that no text can be guessed
  std::optional<FailingStore> failing_store;

 private:
  http::HandlerFunc handler_;
  std::mutex handler_mutex_;
  std::condition_variable handler_returned_signal_;
  bool handler_wrote_ = false;
  bool handler_returned_ = false;
  std::optional<http::Server> server_;  // last: it stops before what its handler uses goes away
  int port_ = 0;
};

TEST_F(Server, ReturnsDataFromStore) {
  Serve(other_store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response) << "no response: " << response.error().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "good night, moon") << "the body is what the store fetched";
  EXPECT_EQ(other_store.WaitForFetchToEnd(), std::error_code{}) << "the store was cancelled";
}

TEST_F(Server, TellsStoreToCancelWorkIfClientHangsUp) {
  Serve(store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(store.WaitForFetchToStart());

  std::this_thread::sleep_for(30ms);  // the client gives up 30 ms in, like curl --max-time
  client.Close();

  EXPECT_EQ(store.WaitForFetchToEnd(), context::Canceled)
      << "the store did not stop: is the handler fetching with the request's context?";
  EXPECT_FALSE(HandlerWroteSomething()) << "nobody is waiting: write nothing";
}

TEST_F(Server, TellsStoreToCancelWorkIfClientResetsTheConnection) {
  Serve(store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(store.WaitForFetchToStart());

  std::this_thread::sleep_for(30ms);
  client.Reset();  // a crashed client or a dropped network: the server sees an RST

  EXPECT_EQ(store.WaitForFetchToEnd(), context::Canceled);
  EXPECT_FALSE(HandlerWroteSomething());
}

TEST_F(Server, AnswersHeadWithHeadersOnly) {
  Serve(store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest("HEAD", "/"));

  const auto response = client.ReadResponse(5s, /*head=*/true);

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header.at("content-length"), "12");
  EXPECT_EQ(response->body, "");
}

TEST_F(Server, ServesSeveralRequestsOnOneKeepAliveConnection) {
  Serve(store);
  RawClient client = Connect();

  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(client.SendRequest());
    const auto response = client.ReadResponse();
    ASSERT_TRUE(response) << "request " << i;
    EXPECT_EQ(response->body, "hello, world") << "request " << i;
  }
}

TEST_F(Server, ShutdownCancelsWorkInFlight) {
  Serve(store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(store.WaitForFetchToStart());

  EXPECT_EQ(RunningServer().Shutdown(), std::error_code{});

  EXPECT_EQ(store.WaitForFetchToEnd(), context::Canceled);
  EXPECT_FALSE(HandlerWroteSomething());
}

TEST_F(Server, RespondsWithServerErrorWhenStoreFails) {
  failing_store.emplace(std::make_error_code(std::errc::connection_refused));
  Serve(*failing_store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500) << "the client is still waiting: tell it the store failed";
}

TEST_F(Server, RespondsWithGatewayTimeoutWhenStoreRunsOutOfTime) {
  failing_store.emplace(context::DeadlineExceeded);  // the store's deadline, not the client's
  Serve(*failing_store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 504) << "a store that ran out of time is a 504 Gateway Timeout";
}

TEST_F(Server, RespondsWithGatewayTimeoutWhenStoreTimesOutOnItsOwn) {
  // A database driver or a socket gives up with a plain std::errc::timed_out, not with
  // context::DeadlineExceeded: the store ran out of time all the same.
  failing_store.emplace(std::make_error_code(std::errc::timed_out));
  Serve(*failing_store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 504)
      << "any timed-out error is a 504: compare with std::errc::timed_out";
}

TEST_F(Server, RespondsWithServerErrorWhenStoreIsCancelledWhileTheClientWaits) {
  // The store says "cancelled", but not because of this request: the client is still connected
  // and waiting. Only the request's context knows whether the client left.
  failing_store.emplace(context::Canceled);
  Serve(*failing_store);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest());

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response) << "no response: " << response.error().message();
  EXPECT_EQ(response->status, 500)
      << "the store's error says Canceled, the request's context does not: ask r.Context()";
}

}  // namespace
