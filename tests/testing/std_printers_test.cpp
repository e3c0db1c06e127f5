// GoogleTest prints the standard types of the kit's interfaces in words. This file does not
// include std_printers.h: cancelkit::gtest_printers force-includes it, which is what is tested.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <expected>
#include <optional>
#include <string>
#include <system_error>

#include "context/errors.h"

namespace {

using ::testing::PrintToString;

TEST(StdPrinters, PrintAnEmptyErrorCodeAsNoError) {
  EXPECT_EQ(PrintToString(std::error_code{}), "no error");
  EXPECT_EQ(PrintToString(std::optional<std::error_code>(std::error_code{})), "(no error)");
}

TEST(StdPrinters, PrintTheContextsErrorsInGosWords) {
  EXPECT_EQ(PrintToString(context::Canceled), "context canceled");
  EXPECT_EQ(PrintToString(context::DeadlineExceeded), "context deadline exceeded");
}

TEST(StdPrinters, PrintOtherErrorsWithTheirCategoryToTellThemApart) {
  const auto refused = std::make_error_code(std::errc::connection_refused);
  EXPECT_EQ(PrintToString(refused),
            refused.message() + " [generic:" + std::to_string(refused.value()) + "]");
}

TEST(StdPrinters, PrintAnExpectedAsItsValueOrItsError) {
  using Fetched = std::expected<std::string, std::error_code>;
  EXPECT_EQ(PrintToString(Fetched("data")), "expected(\"data\")");
  EXPECT_EQ(PrintToString(Fetched(std::unexpected(context::Canceled))),
            "unexpected(context canceled)");

  using Done = std::expected<void, std::error_code>;
  EXPECT_EQ(PrintToString(Done()), "expected()");
  EXPECT_EQ(PrintToString(Done(std::unexpected(context::DeadlineExceeded))),
            "unexpected(context deadline exceeded)");
}

// What a learner reads when a comparison fails: the words, not `context:1`.
TEST(StdPrinters, PrintAnUnexpectedAsItsError) {
  EXPECT_EQ(PrintToString(std::unexpected(context::Canceled)), "unexpected(context canceled)");
}

TEST(StdPrinters, AppearInAFailedComparison) {
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(context::Canceled, std::error_code{}),
                          "Which is: context canceled");
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(context::Canceled, std::error_code{}), "Which is: no error");
}

}  // namespace
