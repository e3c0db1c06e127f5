// The pieces that turn tool output into what a learner reads: compile errors, sanitizer reports
// (see also test_run_test.cpp) and diffs.
#include <gtest/gtest.h>

#include "compiler_errors.h"
#include "sanitizer_report.h"
#include "unified_diff.h"

namespace kit {
namespace {

TEST(FindFirstError, ShowsTheFirstErrorWithItsExcerptAndNoTemplateNoise) {
  constexpr std::string_view kBuild =
      "[1/2] Building CXX object chapters/CMakeFiles/ch02_exercise_code.dir/server.cpp.o\n"
      "FAILED: chapters/CMakeFiles/ch02_exercise_code.dir/server.cpp.o\n"
      "/usr/bin/c++ -I/kit/chapters/02-cancel -std=c++23 -c /kit/chapters/02-cancel/server.cpp\n"
      "In file included from /usr/include/c++/12/thread:43,\n"
      "/usr/include/c++/12/bits/std_thread.h: In instantiation of 'std::thread::thread(...)':\n"
      "/kit/chapters/02-cancel/server.cpp:14:5:   required from here\n"
      "/kit/chapters/02-cancel/server.cpp:14:20: error: 'Fetch' was not declared in this scope\n"
      "   14 |     auto data = Fetch();\n"
      "      |                 ^~~~~\n"
      "/kit/chapters/02-cancel/server.cpp:14:20: note: suggested alternative: 'fetch'\n"
      "/kit/chapters/02-cancel/server.cpp:19:1: error: expected '}' at end of input\n"
      "ninja: build stopped: subcommand failed.\n";
  const auto error = FindFirstError(kBuild, "/kit");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->text,
            "chapters/02-cancel/server.cpp:14:20: error: 'Fetch' was not declared in this scope\n"
            "   14 |     auto data = Fetch();\n"
            "      |                 ^~~~~");
  EXPECT_EQ(error->more_errors, 1u);
}

TEST(FindFirstError, ShowsALinkErrorWithoutTheObjectFileNoise) {
  const auto error = FindFirstError(
      "/usr/bin/ld: server_test.cpp.o: in function `Test()':\n"
      "server_test.cpp:(.text+0x2a): undefined reference to `tutorial::Server(tutorial::Store&)'\n"
      "collect2: error: ld returned 1 exit status\n",
      "/kit");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->text, "link error: undefined reference to `tutorial::Server(tutorial::Store&)'");
}

TEST(FindFirstError, FindsNothingInACleanBuild) {
  EXPECT_FALSE(FindFirstError("[1/1] Linking CXX executable chapters/ch01_exercise\n", "/kit"));
}

TEST(FirstSanitizerReport, KeepsTheLearnersFramesAndDropsTheSystemsAndTheShadowMap) {
  constexpr std::string_view kOutput =
      "[ RUN      ] Server.ReturnsData\n"
      "=================================================================\n"
      "==42==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020 at pc 0x1\n"
      "READ of size 8 at 0x6020 thread T1\n"
      "    #0 0x55 in std::__cxx11::basic_string<char>::size() /usr/include/c++/12/bits/x.h:1\n"
      "    #1 0x56 in operator() /kit/chapters/02-cancel/server.cpp:17 (ch02_exercise+0x9)\n"
      "    #2 0x57 in std::thread::_State_impl<...>::_M_run() /usr/include/c++/12/thread:1\n"
      "\n"
      "Shadow bytes around the buggy address:\n"
      "  0x0c047fff7fb0: fa fa fa fa\n"
      "SUMMARY: AddressSanitizer: heap-use-after-free /kit/chapters/02-cancel/server.cpp:17\n";
  const auto report = FirstSanitizerReport(kOutput);
  ASSERT_TRUE(report);
  EXPECT_EQ(*report,
            "==42==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020 at pc 0x1\n"
            "READ of size 8 at 0x6020 thread T1\n"
            "    operator() /kit/chapters/02-cancel/server.cpp:17");
  EXPECT_FALSE(FirstSanitizerReport("[  PASSED  ] 3 tests.\n"));
}

TEST(UnifiedDiff, ShowsRemovedAndAddedLinesInAHunk) {
  const auto diff = UnifiedDiff({.name = "yours", .text = "a\nb\nc\n"},
                                {.name = "solution", .text = "a\nB\nc\n"}, /*color=*/false);
  EXPECT_EQ(diff,
            "--- yours\n"
            "+++ solution\n"
            "@@ -1,3 +1,3 @@\n"
            " a\n"
            "-b\n"
            "+B\n"
            " c\n");
}

TEST(UnifiedDiff, IsEmptyForEqualTextsAndColouredOnRequest) {
  EXPECT_EQ(UnifiedDiff({.name = "a", .text = "same\n"}, {.name = "b", .text = "same\n"}, true),
            "");
  const auto colored =
      UnifiedDiff({.name = "a", .text = "x\n"}, {.name = "b", .text = "y\n"}, true);
  EXPECT_NE(colored.find("\x1b[31m-x"), std::string::npos) << colored;
  EXPECT_NE(colored.find("\x1b[32m+y"), std::string::npos) << colored;
}

}  // namespace
}  // namespace kit
