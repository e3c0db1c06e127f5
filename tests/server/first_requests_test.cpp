// The first requests a server ever parses. cpp-httplib builds a table (its set of method names) the
// first time it parses a request, in a library ThreadSanitizer cannot see into: workers parsing
// their first requests side by side would look to it like a data race, unless the server built
// the table before it started any worker (WarmUpParser, in the server's sources). ctest runs each
// test in a process of its own, so the requests below are the first this process parses; in the
// tsan build, a race report fails the test.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "http/server.h"
#include "http/status.h"
#include "httptest/raw_client.h"

namespace server_test {
namespace {

using namespace std::chrono_literals;
using httptest::RawClient;

// How many requests are parsed side by side. Whichever worker parses first builds the table; any
// other that took its connection before that worker next synchronised with the rest of the
// server reads it with nothing, for TSan, ordering the two. With two requests that happened in
// about half the runs; with eight, in every one of 20.
constexpr int kRequests = 8;

TEST(FirstRequests, WorkersParsingTheirFirstRequestsSideBySideRaceOnNothing) {
  // Each handler holds its worker until all have started (bounded: a server that serves fewer at a
  // time fails the test instead of hanging it).
  std::mutex mutex;
  std::condition_variable started_changed;
  int started = 0;
  http::Server server([&](http::ResponseWriter& w, const http::Request& r) {
    std::unique_lock lock(mutex);
    ++started;
    started_changed.notify_all();
    if (!started_changed.wait_for(lock, 10s, [&] { return started == kRequests; })) {
      w.WriteHeader(http::StatusInternalServerError);
    }
    w.Write(r.target);
  });
  const auto port = server.Start();
  ASSERT_TRUE(port) << port.error().message();

  // Every connection first, then every request at once: each is taken up by its worker before
  // the first is parsed.
  std::vector<RawClient> clients;
  for (int i = 0; i < kRequests; ++i) {
    auto client = RawClient::Connect(*port);
    ASSERT_TRUE(client);
    clients.push_back(std::move(*client));
  }
  for (int i = 0; i < kRequests; ++i) {
    ASSERT_TRUE(clients[i].Send("GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n"));
  }
  for (auto& client : clients) {
    const auto answer = client.ReadResponse(15s);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, http::StatusOK) << answer->body;
  }
}

}  // namespace
}  // namespace server_test
