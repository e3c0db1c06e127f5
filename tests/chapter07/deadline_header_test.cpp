// Request-Timeout-Ms on the wire (deadline_header.h): what the header says, and what the upstream
// refuses to read.
#include "deadline_header.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

namespace tutorial {
namespace {

using namespace std::chrono_literals;

TEST(FormatTimeout, SaysTheWholeMillisecondsLeft) {
  EXPECT_EQ(FormatTimeout(180ms), "180");
  EXPECT_EQ(FormatTimeout(1ms), "1");
}

TEST(FormatTimeout, RoundsDownSoTheReceiverNeverWaitsLonger) {
  EXPECT_EQ(FormatTimeout(std::chrono::duration_cast<std::chrono::milliseconds>(1999us)), "1");
}

// "0" would tell the receiver its time is already up: a caller still waiting says at least 1.
TEST(FormatTimeout, SaysAtLeastOneMillisecond) {
  EXPECT_EQ(FormatTimeout(0ms), "1");
  EXPECT_EQ(FormatTimeout(-5ms), "1");
}

TEST(FormatTimeout, NeverSaysMoreThanParseTimeoutReads) {
  const std::string longest = FormatTimeout(std::chrono::hours(24 * 365));
  EXPECT_EQ(longest, "999999999");
  EXPECT_EQ(ParseTimeout(longest), 999'999'999ms);
}

TEST(ParseTimeout, ReadsOneToNineDigits) {
  EXPECT_EQ(ParseTimeout("1"), 1ms);
  EXPECT_EQ(ParseTimeout("180"), 180ms);
  EXPECT_EQ(ParseTimeout("007"), 7ms);
  EXPECT_EQ(ParseTimeout("999999999"), 999'999'999ms);
}

TEST(ParseTimeout, RefusesAnythingElse) {
  for (const char* malformed : {"", "0", "000", "-5", "+5", " 5", "5 ", "5ms", "1.5", "0x10", "5,6",
                                "1000000000", "99999999999999999999"}) {
    EXPECT_EQ(ParseTimeout(malformed), std::nullopt) << '"' << malformed << '"';
  }
}

TEST(ParseTimeout, ReadsWhatFormatTimeoutWrites) {
  for (const auto left : {1ms, 42ms, 86'400'000ms})
    EXPECT_EQ(ParseTimeout(FormatTimeout(left)), left);
}

}  // namespace
}  // namespace tutorial
