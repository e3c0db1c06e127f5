// Ctrl-C and `kill` for a server's main().
//
//   http::StopSignals stop;      // first thing in main(), before any thread starts
//   http::Server server(...);
//   server.Start();
//   stop.Wait();                 // until SIGINT or SIGTERM
//   server.Shutdown(grace);      // a second Ctrl-C meanwhile ends the process at once
//
// The constructor blocks SIGINT and SIGTERM in the calling thread, and so in every thread started
// after it (a thread inherits its creator's mask): the signals then wait for Wait(), and none
// lands in a server thread in the middle of its work.
#pragma once

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <string_view>
#include <system_error>

#include "context/context.h"

namespace http {

class StopSignals {
 public:
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Waits for SIGINT or SIGTERM and returns which came. Both are then unblocked in this thread
  // with their default action, so that a second one ends the process at once, however long the
  // shutdown that follows takes (the other threads keep them blocked: the kernel delivers them
  // here).
  int Wait();

 private:
  sigset_t signals_;
};

// The end of a demo server's main(), once its server is serving: waits for Ctrl-C, prints
// `shutting_down` (what the shutdown does, in the demo's words), shuts `server` (an http::Server
// or an http::Http2Server) down within `grace`, and prints "stopped". Returns main's exit code.
template <class AnyServer>
int ShutDownOnStop(StopSignals& stop, AnyServer& server, std::string_view shutting_down,
                   std::chrono::seconds grace = std::chrono::seconds(5)) {
  stop.Wait();  // from here on, a second Ctrl-C ends the process without waiting for the shutdown
  std::printf("%.*s\n", static_cast<int>(shutting_down.size()), shutting_down.data());
  std::fflush(stdout);
  auto [deadline, cancel] = context::WithTimeout(context::Background(), grace);
  const std::error_code shutdown = server.Shutdown(deadline);
  cancel();
  std::printf("stopped%s\n", shutdown ? " (some connections were still closing)" : "");
  return 0;
}

}  // namespace http
