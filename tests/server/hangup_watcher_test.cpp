// The watcher on its own: it reports hang-ups, only hang-ups, and never for a watch that ended.
#include "hangup_watcher.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>

#include "httptest/raw_client.h"

namespace server_test {
namespace {

using namespace std::chrono_literals;

// A client and the server's end of its connection.
struct Connection {
  Connection() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    ::listen(listener, 1);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    client.emplace(httptest::RawClient::Connect(ntohs(address.sin_port)).value());
    server_end = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  }
  ~Connection() {
    ::close(server_end);
    ::close(listener);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  std::optional<httptest::RawClient> client;
  int server_end = -1;
};

TEST(HangupWatcher, ReportsAClientThatCloses) {
  http::detail::HangupWatcher watcher;
  Connection connection;
  auto registration = watcher.Register(connection.server_end);
  std::promise<void> hung_up;
  const auto watch = registration.WatchRequest([&] { hung_up.set_value(); });

  connection.client->Close();

  EXPECT_EQ(hung_up.get_future().wait_for(5s), std::future_status::ready);
}

TEST(HangupWatcher, ReportsAtOnceAClientThatClosedBeforeTheWatch) {
  http::detail::HangupWatcher watcher;
  Connection connection;
  connection.client->Close();
  auto registration = watcher.Register(connection.server_end);
  std::promise<void> hung_up;

  const auto watch = registration.WatchRequest([&] { hung_up.set_value(); });

  EXPECT_EQ(hung_up.get_future().wait_for(5s), std::future_status::ready);
}

TEST(HangupWatcher, IgnoresDataAndReportsTheCloseAfterIt) {
  http::detail::HangupWatcher watcher;
  Connection chatty;
  Connection witness;  // its hang-up shows that the watcher has looked at the events before it
  std::atomic<int> chatty_hangups = 0;
  std::promise<void> witness_hung_up;
  std::promise<void> chatty_hung_up;
  auto chatty_registration = watcher.Register(chatty.server_end);
  auto witness_registration = watcher.Register(witness.server_end);
  const auto watch_chatty = chatty_registration.WatchRequest([&] {
    if (++chatty_hangups == 1) chatty_hung_up.set_value();
  });
  const auto watch_witness =
      witness_registration.WatchRequest([&] { witness_hung_up.set_value(); });

  ASSERT_TRUE(chatty.client->Send("GET /next HTTP/1.1\r\n\r\n"));
  witness.client->Close();
  ASSERT_EQ(witness_hung_up.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(chatty_hangups, 0);

  chatty.client->Close();
  EXPECT_EQ(chatty_hung_up.get_future().wait_for(5s), std::future_status::ready);
}

TEST(HangupWatcher, NeverCallsAWatchThatHasEnded) {
  http::detail::HangupWatcher watcher;
  Connection connection;
  auto registration = watcher.Register(connection.server_end);
  std::atomic<bool> old_called = false;
  {
    const auto ended = registration.WatchRequest([&] { old_called = true; });
  }

  // The next request of the same connection.
  connection.client->Close();
  std::promise<void> new_called;
  const auto watch = registration.WatchRequest([&] { new_called.set_value(); });

  ASSERT_EQ(new_called.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_FALSE(old_called);
}

TEST(HangupWatcher, AHangUpBetweenTwoRequestsIsReportedToTheNext) {
  http::detail::HangupWatcher watcher;
  Connection connection;
  auto registration = watcher.Register(connection.server_end);
  std::promise<void> first_request_hung_up;
  {
    const auto first = registration.WatchRequest([&] { first_request_hung_up.set_value(); });
  }
  // The report comes while no request is watched (proved by a second connection, registered
  // after it, whose hang-up the watcher can only see after it has handled the first report).
  connection.client->Close();
  Connection witness;
  auto witness_registration = watcher.Register(witness.server_end);
  std::promise<void> witness_hung_up;
  const auto watch_witness =
      witness_registration.WatchRequest([&] { witness_hung_up.set_value(); });
  witness.client->Close();
  ASSERT_EQ(witness_hung_up.get_future().wait_for(5s), std::future_status::ready);

  std::promise<void> next_request_hung_up;
  const auto next = registration.WatchRequest([&] { next_request_hung_up.set_value(); });

  EXPECT_EQ(next_request_hung_up.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(first_request_hung_up.get_future().wait_for(0s), std::future_status::timeout);
}

TEST(HangupWatcher, AWithdrawnSocketIsWatchedAgainByTheNextRequest) {
  http::detail::HangupWatcher watcher;
  Connection connection;
  auto registration = watcher.Register(connection.server_end);
  {
    const auto first = registration.WatchRequest([] {});
  }
  registration.Withdraw();  // the server guessed this connection would close; it did not

  connection.client->Close();
  std::promise<void> hung_up;
  const auto next = registration.WatchRequest([&] { hung_up.set_value(); });

  EXPECT_EQ(hung_up.get_future().wait_for(5s), std::future_status::ready);
}

TEST(HangupWatcher, ForgetsAConnectionWhoseRegistrationEnded) {
  http::detail::HangupWatcher watcher;
  Connection connection;
  std::atomic<bool> called = false;
  {
    auto ended = watcher.Register(connection.server_end);
    const auto watch = ended.WatchRequest([&] { called = true; });
  }
  // A new registration of the same socket (as for a new connection on a reused descriptor).
  auto registration = watcher.Register(connection.server_end);
  connection.client->Close();
  std::promise<void> new_called;
  const auto watch = registration.WatchRequest([&] { new_called.set_value(); });

  ASSERT_EQ(new_called.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace server_test
