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

}  // namespace http
