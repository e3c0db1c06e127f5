// The model test of chapter 5: the audit entry is written after the request has ended, with a
// context that is still live and carries the request's values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <expected>
#include <system_error>

#include "cache.h"
#include "context/context.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "server.h"
#include "spies/ch05/mock_audit_store.h"
#include "spies/ch05/mock_user_store.h"
#include "spies/context_matchers.h"

namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::NiceMock;
using ::testing::Return;

// A context nobody has ended: no Err() yet.
MATCHER(IsLive, negation ? "is done" : "is not done") {
  *result_listener << "which is " << ::testing::PrintToString(arg);
  return !arg.Err();
}

class MyServer : public ::testing::Test {
 protected:
  // As a real server does: the request's context is cancelled once the handler returns, which is
  // also what a client hanging up looks like to everything the handler started.
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

TEST_F(MyServer, RecordsTheAuditEntryAfterTheRequestHasEnded) {
  ON_CALL(users, Get(_, 1)).WillByDefault(Return(spies::Found({.id = 1, .name = "ada"})));
  // Live when it is written, although the request is over, and carrying the request's id.
  EXPECT_CALL(audit_store, Append(AllOf(IsLive(), spies::CarriesValue<spies::RequestId>("req-7")),
                                  Field(&tutorial::AuditEntry::request, "GET /users/1")))
      .WillOnce(Return(std::expected<void, std::error_code>()));
  const http::Request request = httptest::NewRequest(http::MethodGet, "/users/1");

  Serve(tutorial::Server(service, audit, 10s),
        request.WithContext(context::WithValue<spies::RequestId>(request.Context(), "req-7")));
  audit.Flush();  // written now, when the request is over and its context done
}

}  // namespace
