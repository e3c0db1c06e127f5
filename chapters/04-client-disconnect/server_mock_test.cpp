// Chapter 4 with GoogleMock: the mock store hands the handler a ready-made answer (data, or a
// failure of the store's own) and the test reads what a real client receives over TCP. The hang-up
// tests stay with the spy store of server_test.cpp, which can tell a test when its Fetch started
// and how it ended; a mock only checks its calls when it is destroyed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <expected>
#include <optional>
#include <string>
#include <system_error>

#include "context/context.h"
#include "http/server.h"
#include "httptest/raw_client.h"
#include "server.h"
#include "spies/ch04/mock_store.h"

namespace {

using ::testing::Return;

// A few worker threads are plenty for one client, and quick to start under a sanitizer.
http::ServerOptions FewWorkers() {
  http::ServerOptions options;
  options.worker_threads = 4;
  return options;
}

// Serves tutorial::Server(store) on an ephemeral port for the length of a test.
class ServerWithMock : public ::testing::Test {
 protected:
  std::expected<httptest::RawResponse, std::error_code> Get() {
    server_.emplace(tutorial::Server(store), FewWorkers());
    const int port = server_->Start().value();
    httptest::RawClient client = httptest::RawClient::Connect(port).value();
    if (!client.SendRequest()) return std::unexpected(std::make_error_code(std::errc::io_error));
    return client.ReadResponse();
  }

  ::testing::StrictMock<spies::MockStore> store;  // any call not expected fails the test

 private:
  std::optional<http::Server> server_;  // last: it stops before the store goes away
};

TEST_F(ServerWithMock, ReturnsDataFromStore) {
  EXPECT_CALL(store, Fetch(spies::NotDoneYet())).WillOnce(Return("straight from the mock"));

  const auto response = Get();

  ASSERT_TRUE(response) << "no response: " << response.error().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "straight from the mock");
}

TEST_F(ServerWithMock, RespondsWithServerErrorWhenStoreIsCancelledWhileTheClientWaits) {
  EXPECT_CALL(store, Fetch(spies::NotDoneYet()))
      .WillOnce(Return(std::unexpected(context::Canceled)));

  const auto response = Get();

  ASSERT_TRUE(response) << "no response: " << response.error().message();
  EXPECT_EQ(response->status, 500)
      << "the store's error says Canceled, the request's context does not: ask r.Context()";
}

}  // namespace
