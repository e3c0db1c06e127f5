// The model test of chapter 4: a client that hangs up over a real socket stops the store.
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

  client.Close();  // the server sees a FIN, as from a closed browser tab

  // Canceled, not the data: the hang-up reached the store through the request's context.
  EXPECT_EQ(store.WaitForFetchToEnd(), context::Canceled);
}

}  // namespace
}  // namespace tutorial
