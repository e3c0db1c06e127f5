// How a test program of the kit ends when it did not simply pass or fail: shared by the programs
// (the hang watchdog, cancelkit::gtest_main) and by the kit's CLI, which reads the code.
#pragma once

namespace cancelkit_testing {

// The watchdog stopped a test that hung: coreutils' `timeout` ends its command the same way.
inline constexpr int kHangExitCode = 124;

}  // namespace cancelkit_testing
