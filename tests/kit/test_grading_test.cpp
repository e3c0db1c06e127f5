#include "test_grading.h"

#include <gtest/gtest.h>

namespace kit {
namespace {

// The learner's test shares its programs with the kit's tests: only what its file defines runs.
TEST(FilterForTestsIn, NamesEveryTestTheFileDefinesAndNoOther) {
  const auto filter = FilterForTestsIn(KIT_FAKE_CHAPTER, {KIT_FAKE_CHAPTER_SOURCE});
  ASSERT_TRUE(filter) << filter.error();
  EXPECT_EQ(*filter, "Fake.AlwaysPasses:Fake.DoesAsToldByTheEnvironment:Fake.ThenDoesAsToldToo");
}

// An empty filter would run every test of the program: a test file with no test must be an error.
TEST(FilterForTestsIn, ATestFileThatDefinesNoTestIsAnError) {
  const auto filter = FilterForTestsIn(KIT_FAKE_CHAPTER, {"/nowhere/my_server_test.cpp"});
  ASSERT_FALSE(filter);
  EXPECT_NE(filter.error().find("my_server_test.cpp defines no test"), std::string::npos)
      << filter.error();
}

}  // namespace
}  // namespace kit
