// The main() of every test program in the kit: GoogleTest and GoogleMock, plus the hang watchdog.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cancelkit_testing/hang_watchdog.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);

  cancelkit_testing::HangWatchdog watchdog(cancelkit_testing::TimeLimitFromEnvironment(),
                                           cancelkit_testing::DiagnosisFromEnvironment());
  auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
  listeners.Append(&watchdog);  // GoogleTest takes ownership of what is appended...
  const int result = RUN_ALL_TESTS();
  listeners.Release(&watchdog);  // ...so take it back before the watchdog leaves scope.
  return result;
}
