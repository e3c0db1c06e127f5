// Finding a connection's socket from its two addresses, and the rule that makes resets visible:
// once the peer has reset a connection, its socket can no longer be found.
#include "connection_lookup.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httptest/raw_client.h"

namespace server_test {
namespace {

using http::detail::ConnectionAddress;
using http::detail::Endpoint;

// A listening socket on an ephemeral port of 127.0.0.1, closed on destruction.
class Listener {
 public:
  Listener() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    ::listen(fd_, 8);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~Listener() { ::close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int port() const { return port_; }
  int Accept() { return ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC); }

 private:
  int fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int port_ = 0;
};

// The two ends of an accepted connection, as cpp-httplib would report them.
ConnectionAddress AddressOf(int accepted) {
  sockaddr_in local{};
  sockaddr_in remote{};
  socklen_t length = sizeof local;
  ::getsockname(accepted, reinterpret_cast<sockaddr*>(&local), &length);
  length = sizeof remote;
  ::getpeername(accepted, reinterpret_cast<sockaddr*>(&remote), &length);
  const auto text = [](const sockaddr_in& a) {
    char buffer[INET_ADDRSTRLEN];
    return std::string(::inet_ntop(AF_INET, &a.sin_addr, buffer, sizeof buffer));
  };
  return {*Endpoint::Parse(text(local), ntohs(local.sin_port)),
          *Endpoint::Parse(text(remote), ntohs(remote.sin_port))};
}

TEST(ConnectionLookup, IPv4AndItsMappedIPv6FormAreOneEndpoint) {
  EXPECT_EQ(Endpoint::Parse("127.0.0.1", 80), Endpoint::Parse("::ffff:127.0.0.1", 80));
  EXPECT_NE(Endpoint::Parse("127.0.0.1", 80), Endpoint::Parse("127.0.0.1", 81));
  EXPECT_EQ(Endpoint::Parse("/tmp/unix.sock", 0), std::nullopt);
  EXPECT_EQ(Endpoint::Parse("127.0.0.1", -1), std::nullopt);
}

// What each cpp-httplib version reports for a connection whose client reset it before a worker
// took it: 0.11 leaves the port at -1, 0.18 gives an empty address and port 0.
TEST(ConnectionLookup, APeerReportedWithoutAnAddressAndAPortHasResetTheConnection) {
  EXPECT_EQ(http::detail::ReportedPeer("127.0.0.1", 40000), Endpoint::Parse("127.0.0.1", 40000));
  EXPECT_EQ(http::detail::ReportedPeer("", -1), std::nullopt);
  EXPECT_EQ(http::detail::ReportedPeer("", 0), std::nullopt);
  EXPECT_EQ(http::detail::ReportedPeer("127.0.0.1", 0), std::nullopt);
  EXPECT_EQ(http::detail::ReportedPeer("", 40000), std::nullopt);
}

TEST(ConnectionLookup, FindsTheSocketOfALiveConnection) {
  Listener listener;
  auto first = httptest::RawClient::Connect(listener.port()).value();
  auto second = httptest::RawClient::Connect(listener.port()).value();
  const int first_accepted = listener.Accept();
  const int second_accepted = listener.Accept();

  EXPECT_EQ(http::detail::FindSocketOf(AddressOf(first_accepted)), first_accepted);
  EXPECT_EQ(http::detail::FindSocketOf(AddressOf(second_accepted)), second_accepted);
  EXPECT_FALSE(http::detail::IsSocketOf(first_accepted, AddressOf(second_accepted)));
  ::close(first_accepted);
  ::close(second_accepted);
}

TEST(ConnectionLookup, FindsNothingOnceThePeerHasResetTheConnection) {
  Listener listener;
  auto client = httptest::RawClient::Connect(listener.port()).value();
  const int accepted = listener.Accept();
  const ConnectionAddress address = AddressOf(accepted);

  client.Reset();  // on loopback the RST has arrived when close() returns

  EXPECT_EQ(http::detail::FindSocketOf(address), std::nullopt);
  ::close(accepted);
}

TEST(ConnectionLookup, StillFindsAConnectionThePeerOnlyClosed) {
  // After a FIN the socket is still connected (CLOSE_WAIT): the watcher, not the lookup, reports
  // that hang-up.
  Listener listener;
  auto client = httptest::RawClient::Connect(listener.port()).value();
  const int accepted = listener.Accept();
  const ConnectionAddress address = AddressOf(accepted);

  client.Close();

  EXPECT_EQ(http::detail::FindSocketOf(address), accepted);
  ::close(accepted);
}

}  // namespace
}  // namespace server_test
