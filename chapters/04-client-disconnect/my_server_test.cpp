// Your test of chapter 4 (README.md, "Red: a hang-up, over a real socket"): a client that hangs up
// must stop the store. The setup is done; finish the test after its last line. `./kit check 04`
// grades it against a handler whose store keeps working for nobody.
#include <gtest/gtest.h>

#include "context/context.h"
#include "http/server.h"
#include "httptest/raw_client.h"
#include "server.h"
#include "spies/ch04/spy_store.h"

namespace tutorial {
namespace {

TEST(MyServer, StopsTheStoreWhenTheClientHangsUp) {
  // Declared before the server: the server's handler uses it until the server has stopped.
  spies::SpyStore store("a long answer that nobody will read");
  http::Server server(Server(store));
  const int port = server.Start().value();

  auto client = httptest::RawClient::Connect(port).value();
  ASSERT_TRUE(client.SendRequest());
  ASSERT_TRUE(store.WaitForFetchToStart());
  // The store is working for the client now: hang up, and check how its Fetch ended.
}

}  // namespace
}  // namespace tutorial
