// Chapter 5, steps 2 and 3 again, with GoogleMock. The user store and the audit log's store are
// mocks, so these tests look at the contexts the handler hands down (their deadline, their
// values, when they end), not only at what it answers. The SQL statement itself is never mocked:
// README.md, "Mocks, spies and a real database", says why.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <system_error>

#include "cache.h"
#include "context/context.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/ch05/mock_audit_store.h"
#include "spies/ch05/mock_user_store.h"
#include "spies/context_matchers.h"
#include "user_store.h"

namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::AllOf;
using ::testing::DoAll;
using ::testing::Field;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SaveArg;

using spies::CarriesValue;
using spies::RequestId;

// Says what it saw as well as whether it matched, so a failure names the context's state.
MATCHER(IsLive, std::string(negation ? "is done" : "is not done")) {
  *result_listener << "which is " << ::testing::PrintToString(arg);
  return !arg.Err();
}

long long Milliseconds(context::Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

const std::expected<void, std::error_code> kWritten;

class ServerWithMock : public ::testing::Test {
 protected:
  // As in server_test.cpp: the server cancels the request's context once the handler returns.
  static void Serve(const http::HandlerFunc& handler, const http::Request& request) {
    auto [ctx, cancel] = context::WithCancel(request.Context());
    httptest::ResponseRecorder response;
    handler(response, request.WithContext(ctx));
    cancel();
  }

  NiceMock<spies::MockUserStore> users;
  tutorial::MemoryCache cache;
  tutorial::UserService service{users, cache};
  NiceMock<spies::MockAuditStore> audit_store;
  // Declared after its store, so it is destroyed (and writes what is left) before it.
  tutorial::AuditLog audit{audit_store, /*flush_every=*/std::chrono::hours(1)};
};

TEST_F(ServerWithMock, GivesTheWorkTheRequestTimeoutItWasGiven) {
  // Two limits, so that a limit written into the handler cannot match both. Two users, so that
  // the second lookup is not answered by the cache.
  const struct {
    std::chrono::milliseconds timeout;
    std::int64_t user;
  } cases[] = {{150ms, 1}, {2500ms, 2}};
  for (const auto& [timeout, user] : cases) {
    SCOPED_TRACE("request_timeout = " + std::to_string(timeout.count()) + " ms");
    context::Context seen;
    EXPECT_CALL(users, Get(_, user))
        .WillOnce(DoAll(SaveArg<0>(&seen), Return(spies::Found({.id = user, .name = "ada"}))));
    const http::HandlerFunc handler = tutorial::Server(service, audit, timeout);

    const auto before = context::Clock::now();
    Serve(handler, httptest::NewRequest(http::MethodGet, "/users/" + std::to_string(user)));
    const auto after = context::Clock::now();

    ASSERT_TRUE(seen.Deadline()) << "the store's context has no deadline";
    // The handler set the deadline somewhere between `before` and `after`: no margin needed.
    EXPECT_TRUE(*seen.Deadline() >= before + timeout && *seen.Deadline() <= after + timeout)
        << "the store's deadline was " << Milliseconds(*seen.Deadline() - before)
        << " ms after the request arrived";
  }
}

TEST_F(ServerWithMock, RecordsTheAuditEntryWithTheRequestsValues) {
  ON_CALL(users, Get(_, 1)).WillByDefault(Return(spies::Found({.id = 1, .name = "ada"})));
  EXPECT_CALL(audit_store, Append(AllOf(IsLive(), CarriesValue<RequestId>("req-7")),
                                  AllOf(Field(&tutorial::AuditEntry::request, "GET /users/1"),
                                        Field(&tutorial::AuditEntry::outcome, "200"))))
      .WillOnce(Return(kWritten));
  const http::Request request = httptest::NewRequest(http::MethodGet, "/users/1");

  Serve(tutorial::Server(service, audit, 10s),
        request.WithContext(context::WithValue<RequestId>(request.Context(), "req-7")));
  audit.Flush();  // written now, when the request is over and its context done
}

TEST_F(ServerWithMock, EndsTheWorksContextBeforeItReturns) {
  context::Context seen;
  EXPECT_CALL(users, Get(_, 1))
      .WillOnce(DoAll(SaveArg<0>(&seen), Return(spies::Found({.id = 1, .name = "ada"}))));
  const http::HandlerFunc handler = tutorial::Server(service, audit, 10min);
  httptest::ResponseRecorder response;

  // Called directly, not through Serve: the request's context stays live, so if the work's
  // context is done, the handler ended it.
  handler(response, httptest::NewRequest(http::MethodGet, "/users/1"));

  EXPECT_EQ(seen.Err(), context::Canceled)
      << "the store may still hold the work's context: cancel it once the work is done";
}

}  // namespace
