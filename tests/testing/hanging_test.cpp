// A test that hangs on purpose. CTest runs it with a 300 ms limit and expects the watchdog's
// "[  HANG    ]" line (see CMakeLists.txt); it is not part of any other run.
#include <gtest/gtest.h>

#include <future>

TEST(Watchdog, HangsForever) {
  std::promise<void> never_kept;
  never_kept.get_future().wait();  // blocks until the watchdog ends the process
}
