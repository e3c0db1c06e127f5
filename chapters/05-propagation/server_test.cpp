// Chapter 5, steps 2 and 3: the handler, called directly with httptest, over a real database.
#include "server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cache.h"
#include "context/context.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "spies/ch05/recording_user_store.h"
#include "spies/ch05/user_database.h"
#include "user_store.h"

namespace {

using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

constexpr auto kRequestTimeout = 300ms;
// A database this slow is past any request's patience; if nothing stops the lookup, it still
// ends, and the test fails rather than hangs.
constexpr auto kBadDay = 2s;

class Server : public ::testing::Test {
 protected:
  // What the server does around every handler call: a context of the request's own, cancelled
  // as soon as the handler returns.
  void Serve(http::ResponseWriter& w, const http::Request& request) {
    auto [ctx, cancel] = context::WithCancel(request.Context());
    handler(w, request.WithContext(ctx));
    cancel();
  }

  spies::UserDatabase database;  // 1 ada, 2 grace, 3 barbara
  tutorial::SqliteStore sqlite{database.File()};
  spies::RecordingUserStore store{sqlite};
  tutorial::MemoryCache cache;
  tutorial::UserService service{store, cache};
  // No periodic writes: the tests say when to write, with Flush().
  tutorial::AuditLog audit{sqlite, /*flush_every=*/std::chrono::hours(1)};
  http::HandlerFunc handler = tutorial::Server(service, audit, kRequestTimeout);
};

TEST_F(Server, AnswersWithTheUsersName) {
  httptest::ResponseRecorder response;

  Serve(response, httptest::NewRequest(http::MethodGet, "/users/2"));

  EXPECT_EQ(response.Code(), 200);
  EXPECT_EQ(response.Body(), "grace\n");
}

TEST_F(Server, AnswersNotFoundForAnUnknownUser) {
  httptest::ResponseRecorder response;

  Serve(response, httptest::NewRequest(http::MethodGet, "/users/99"));

  EXPECT_EQ(response.Code(), 404);
}

TEST_F(Server, AnswersGatewayTimeoutWhenTheDatabaseIsTooSlow) {
  database.MakeLookupsTake(kBadDay);
  httptest::ResponseRecorder response;

  Serve(response, httptest::NewRequest(http::MethodGet, "/users/1"));

  EXPECT_EQ(response.Code(), 504) << "the request may take " << kRequestTimeout / 1ms << " ms";
  EXPECT_EQ(store.WaitForGetToEnd(), context::DeadlineExceeded)
      << "the store must see the handler's deadline";
}

TEST_F(Server, WritesNothingWhenTheClientHasGone) {
  database.MakeLookupsTake(kBadDay);
  http::Request request = httptest::NewRequest(http::MethodGet, "/users/1");
  auto [ctx, cancel] = context::WithCancel(request.Context());
  // The client gives up 50 ms after its request has reached the store (counting from the
  // start, a busy machine could let the time run out before the handler even got that far).
  std::jthread client([&store = store, hang_up = cancel] {
    if (!store.WaitForGetToStart()) return;
    std::this_thread::sleep_for(50ms);
    hang_up();
  });
  httptest::ResponseRecorder response;

  Serve(response, request.WithContext(ctx));

  EXPECT_FALSE(response.WroteHeader()) << "nobody is waiting: write nothing";
  EXPECT_EQ(store.WaitForGetToEnd(), context::Canceled);
}

TEST_F(Server, RecordsEachRequestInTheAuditLog) {
  httptest::ResponseRecorder found;
  httptest::ResponseRecorder not_found;
  Serve(found, httptest::NewRequest(http::MethodGet, "/users/1"));
  Serve(not_found, httptest::NewRequest(http::MethodGet, "/users/99"));

  audit.Flush();  // the worker writes now; the requests are long over

  EXPECT_EQ(database.AuditLines(), (Lines{"GET /users/1 -> 200", "GET /users/99 -> 404"}))
      << "the entries were recorded with a context that was done before they were written";
}

TEST_F(Server, RecordsARequestThatRanOutOfTime) {
  database.MakeLookupsTake(kBadDay);
  httptest::ResponseRecorder response;
  Serve(response, httptest::NewRequest(http::MethodGet, "/users/1"));

  audit.Flush();

  EXPECT_EQ(database.AuditLines(), Lines{"GET /users/1 -> 504"});
}

}  // namespace
