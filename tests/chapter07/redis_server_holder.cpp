// Starts a RedisServer, prints its pid and directory, and waits to be killed: for the test that
// kills this program outright and expects its server to die with it (redis_server_test.cpp),
// and then removes the directory, which nobody else will.
#include <unistd.h>

#include <cstdio>

#include "cancelkit_testing/redis_server.h"

int main() {
  const cancelkit_testing::RedisServer server;
  std::printf("%d %s\n", static_cast<int>(server.Pid()), server.Directory().c_str());
  std::fflush(stdout);
  for (;;) ::pause();
}
