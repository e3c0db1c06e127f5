// Chapter 5 for real: the handler served by http::Server over TCP, the store on a SQLite file.
// A client that hangs up stops the SQL statement it was waiting for; its audit entry is written
// all the same.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cache.h"
#include "context/context.h"
#include "http/server.h"
#include "httptest/raw_client.h"
#include "server.h"
#include "spies/ch05/recording_user_store.h"
#include "spies/ch05/user_database.h"
#include "user_store.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using httptest::RawClient;
using Lines = std::vector<std::string>;

constexpr auto kBadDay = 2s;  // see server_test.cpp

class EndToEnd : public ::testing::Test {
 protected:
  void Serve(std::chrono::milliseconds request_timeout) {
    server_.emplace(tutorial::Server(service, audit, request_timeout));
    port_ = server_->Start().value();
  }
  RawClient Connect() const { return RawClient::Connect(port_).value(); }
  // Waits for every handler to return: after this, every request's context is done.
  void StopServer() { EXPECT_EQ(server_->Shutdown(), std::error_code{}); }

  // Everything the handler uses is declared before the server, so it outlives it.
  spies::UserDatabase database;  // 1 ada, 2 grace, 3 barbara
  tutorial::SqliteStore sqlite{database.File()};
  spies::RecordingUserStore store{sqlite};
  tutorial::MemoryCache cache;
  tutorial::UserService service{store, cache};
  tutorial::AuditLog audit{sqlite, /*flush_every=*/std::chrono::hours(1)};

 private:
  std::optional<http::Server> server_;
  int port_ = 0;
};

TEST_F(EndToEnd, AClientThatStaysGetsItsAnswer) {
  database.MakeLookupsTake(50ms);  // slow, but well within the request's 5 s
  Serve(5s);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest("GET", "/users/3"));

  const auto response = client.ReadResponse();

  ASSERT_TRUE(response) << "no response: " << response.error().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "barbara\n");
}

TEST_F(EndToEnd, AClientThatHangsUpStopsTheSqlStatement) {
  database.MakeLookupsTake(kBadDay);
  Serve(5s);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest("GET", "/users/1"));
  ASSERT_TRUE(store.WaitForGetToStart());
  std::this_thread::sleep_for(50ms);  // the client gives up 50 ms in, like curl --max-time

  const auto hung_up = Clock::now();
  client.Close();

  const auto ended = store.WaitForGetToEnd(1s);
  ASSERT_TRUE(ended) << "the SQL statement was still running 1 s after the client hung up";
  EXPECT_EQ(*ended, context::Canceled);
  // Typically a fraction of a millisecond (bench/README.md); the limit is wide on purpose.
  EXPECT_LT(*store.LastEndedAt() - hung_up, 500ms);
  // A loaded machine may hang up late, even after a statement nobody stops has run its course;
  // a stopped one still ends well before the bad day would have.
  EXPECT_LT(*store.LastEndedAt() - *store.LastStartedAt(), kBadDay - 500ms)
      << "the statement ran its whole course: nothing stopped it";
}

TEST_F(EndToEnd, AnAuditEntryIsWrittenAlthoughTheClientHungUp) {
  database.MakeLookupsTake(kBadDay);
  Serve(5s);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest("GET", "/users/1"));
  ASSERT_TRUE(store.WaitForGetToStart());
  std::this_thread::sleep_for(50ms);
  client.Close();
  ASSERT_TRUE(store.WaitForGetToEnd(1s)) << "see AClientThatHangsUpStopsTheSqlStatement";

  StopServer();
  audit.Flush();

  EXPECT_EQ(database.AuditLines(), Lines{"GET /users/1 -> client gone"});
}

TEST_F(EndToEnd, ARequestThatRunsOutOfTimeGetsGatewayTimeout) {
  database.MakeLookupsTake(kBadDay);
  Serve(100ms);
  RawClient client = Connect();
  ASSERT_TRUE(client.SendRequest("GET", "/users/1"));

  // What tells a 504 from the answer the bad day ends with (a 200 after 2 s) is the status, not
  // the time: wait long enough for either, so that a slow machine (or TSan) cannot fail this.
  const auto response = client.ReadResponse(kBadDay + 3s);

  ASSERT_TRUE(response) << "no answer within 5 s: " << response.error().message();
  EXPECT_EQ(response->status, 504);
}

}  // namespace
