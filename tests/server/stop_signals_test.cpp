// StopSignals: a server's main() waits for Ctrl-C or `kill`, and a second one ends it at once.
#include "http/stop_signals.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <thread>

namespace server_test {
namespace {

bool BlockedInThisThread(int signal) {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, signal) == 1;
}

TEST(StopSignals, BlocksThemInTheThreadsStartedAfterIt) {
  const http::StopSignals stop;
  bool blocked_in_new_thread = false;
  std::thread([&] {
    blocked_in_new_thread = BlockedInThisThread(SIGINT) && BlockedInThisThread(SIGTERM);
  }).join();
  EXPECT_TRUE(blocked_in_new_thread);
  // Leave the process as it was for the next test.
  sigset_t both;
  sigemptyset(&both);
  sigaddset(&both, SIGINT);
  sigaddset(&both, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &both, nullptr);
}

TEST(StopSignals, WaitReturnsTheSignalThatCameAndLeavesTheNextOneItsDefaultAction) {
  // Ignored before: Wait() must give them their default action back, whatever they had.
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  http::StopSignals stop;
  pthread_kill(pthread_self(), SIGTERM);  // pending: blocked in this thread until Wait()
  EXPECT_EQ(stop.Wait(), SIGTERM);
  for (const int signal : {SIGINT, SIGTERM}) {
    EXPECT_FALSE(BlockedInThisThread(signal)) << signal;
    struct sigaction action {};
    sigaction(signal, nullptr, &action);
    EXPECT_EQ(action.sa_handler, SIG_DFL) << signal;
  }
}

}  // namespace
}  // namespace server_test
