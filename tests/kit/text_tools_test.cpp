// The pieces that turn tool output into what a learner reads: compile errors, sanitizer reports
// (see also test_run_test.cpp) and diffs.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "compiler_errors.h"
#include "sanitizer_report.h"
#include "unified_diff.h"

namespace kit {
namespace {

TEST(FindFirstError, ShowsTheFirstErrorWithItsExcerptAndItsNotesButNotTheNextError) {
  constexpr std::string_view kBuild =
      "[1/2] Building CXX object chapters/CMakeFiles/ch02_exercise_code.dir/server.cpp.o\n"
      "FAILED: chapters/CMakeFiles/ch02_exercise_code.dir/server.cpp.o\n"
      "/usr/bin/c++ -I/kit/chapters/02-cancel -std=c++23 -c /kit/chapters/02-cancel/server.cpp\n"
      "/kit/chapters/02-cancel/server.cpp:14:20: error: 'Fetch' was not declared in this scope\n"
      "   14 |     auto data = Fetch();\n"
      "      |                 ^~~~~\n"
      "/kit/chapters/02-cancel/server.cpp:14:20: note: suggested alternative: 'fetch'\n"
      "/kit/chapters/02-cancel/server.cpp: In function 'void Other()':\n"
      "/kit/chapters/02-cancel/server.cpp:19:1: error: expected '}' at end of input\n"
      "ninja: build stopped: subcommand failed.\n";
  const auto error = FindFirstError(kBuild, "/kit");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->text,
            "chapters/02-cancel/server.cpp:14:20: error: 'Fetch' was not declared in this scope\n"
            "   14 |     auto data = Fetch();\n"
            "      |                 ^~~~~\n"
            "chapters/02-cancel/server.cpp:14:20: note: suggested alternative: 'fetch'");
  EXPECT_EQ(error->more_errors, 1u);
  EXPECT_EQ(error->lines_left_out, 0u);
}

// g++ 12 on `context::WithValue<std::string>(parent, "abc")`: the reason is the last note, in
// the kit's header, after a "required from" chain that starts in the learner's file.
TEST(FindFirstError, KeepsTheNotesAndTheRequiredFromChainThatExplainAConstraint) {
  constexpr std::string_view kBuild =
      "FAILED: chapters/CMakeFiles/ch06_exercise_code.dir/middleware.cpp.o\n"
      "/kit/chapters/06-values/middleware.cpp: In function 'context::Context Tag()':\n"
      "/kit/chapters/06-values/middleware.cpp:6:41: error: no matching function for call to "
      "'WithValue<std::string>(const context::Context&, const char [4])'\n"
      "    6 |   return context::WithValue<std::string>(parent, \"abc\");\n"
      "      |          ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~^~~~~~~~~~~~~~~\n"
      "In file included from /kit/chapters/06-values/middleware.cpp:3:\n"
      "/kit/lib/context/include/context/context.h:165:9: note: candidate: 'template<class Key>  "
      "requires  ValueKey<Key> context::Context context::WithValue(const Context&, typename "
      "Key::type)'\n"
      "  165 | Context WithValue(const Context& parent, typename Key::type value) {\n"
      "      |         ^~~~~~~~~\n"
      "/kit/lib/context/include/context/context.h:165:9: note:   template argument "
      "deduction/substitution failed:\n"
      "/kit/lib/context/include/context/context.h:165:9: note: constraints not satisfied\n"
      "In file included from /kit/lib/context/include/context/context.h:27,\n"
      "                 from /kit/chapters/06-values/middleware.cpp:3:\n"
      "/kit/lib/context/include/context/detail/node.h: In substitution of 'template<class Key>  "
      "requires  ValueKey<Key> context::Context context::WithValue(const Context&, typename "
      "Key::type) [with Key = std::string]':\n"
      "/kit/chapters/06-values/middleware.cpp:6:41:   required from here\n"
      "/kit/lib/context/include/context/detail/node.h:29:9:   required for the satisfaction of "
      "'ValueKey<Key>' [with Key = std::string]\n"
      "/kit/lib/context/include/context/detail/node.h:29:20:   in requirements  [with Key = "
      "std::string]\n"
      "/kit/lib/context/include/context/detail/node.h:30:12: note: the required type 'typename "
      "Key::type' is invalid\n"
      "   30 |   typename Key::type;\n"
      "      |   ~~~~~~~~~^~~~~~~~~~\n"
      "cc1plus: note: set '-fconcepts-diagnostics-depth=' to at least 2 for more detail\n"
      "ninja: build stopped: subcommand failed.\n";
  const auto error = FindFirstError(kBuild, "/kit");
  ASSERT_TRUE(error);
  const auto& text = error->text;
  EXPECT_TRUE(text.starts_with("chapters/06-values/middleware.cpp: In function")) << text;
  EXPECT_NE(text.find("note: the required type 'typename Key::type' is invalid\n"
                      "   30 |   typename Key::type;"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("chapters/06-values/middleware.cpp:6:41:   required from here"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("lib/context/include/context/detail/node.h:29:9:   required for the "
                      "satisfaction of 'ValueKey<Key>'"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("In file included from"), std::string::npos) << "noise: " << text;
  EXPECT_EQ(text.find("cc1plus"), std::string::npos) << "noise: " << text;
  EXPECT_EQ(text.find("/kit/"), std::string::npos) << "long paths: " << text;
  EXPECT_EQ(error->more_errors, 0u);
}

// g++ 12 on std::jthread with a callable that takes int&: the error is in the standard library,
// the line to change is the learner's "required from here".
TEST(FindFirstError, KeepsTheLearnersLineOfAnErrorInTheStandardLibraryAndDropsTheRest) {
  constexpr std::string_view kBuild =
      "In file included from /kit/chapters/02-cancel/server.cpp:1:\n"
      "/usr/include/c++/12/thread: In instantiation of 'static std::thread "
      "std::jthread::_S_create(...)':\n"
      "/usr/include/c++/12/thread:128:28:   required from 'std::jthread::jthread(...)'\n"
      "/kit/chapters/02-cancel/server.cpp:4:57:   required from here\n"
      "/usr/include/c++/12/thread:235:27: error: static assertion failed: std::jthread "
      "arguments must be invocable after conversion to rvalues\n"
      "  235 |             static_assert(is_invocable_v<decay_t<_Callable>,\n"
      "      |                           ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "/usr/include/c++/12/thread:235:27: note: 'std::is_invocable_v<Start(int&)::<lambda(int&)>, "
      "int>' evaluates to false\n";
  const auto error = FindFirstError(kBuild, "/kit");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->text,
            "chapters/02-cancel/server.cpp:4:57:   required from here\n"
            "/usr/include/c++/12/thread:235:27: error: static assertion failed: std::jthread "
            "arguments must be invocable after conversion to rvalues\n"
            "  235 |             static_assert(is_invocable_v<decay_t<_Callable>,\n"
            "      |                           ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "/usr/include/c++/12/thread:235:27: note: 'std::is_invocable_v<Start(int&)::<lambda("
            "int&)>, int>' evaluates to false");
}

// g++ 14 prints the same chain with the source under each link (Debian 13).
TEST(FindFirstError, KeepsTheLearnersLineWhenEachLinkOfTheChainShowsItsSource) {
  constexpr std::string_view kBuild =
      "In file included from /kit/chapters/02-cancel/server.cpp:1:\n"
      "/usr/include/c++/14/thread: In instantiation of 'static std::thread "
      "std::jthread::_S_create(...)':\n"
      "/usr/include/c++/14/thread:163:28:   required from 'std::jthread::jthread(...)'\n"
      "  163 |       : _M_thread{_S_create(_M_stop_source, std::forward<_Callable>(__f),\n"
      "      |                   ~~~~~~~~~^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "/kit/chapters/02-cancel/server.cpp:4:57:   required from here\n"
      "    4 |   std::jthread t([](int& x) { ++x; }, n);\n"
      "      |                                         ^\n"
      "/usr/include/c++/14/thread:270:27: error: static assertion failed: std::jthread "
      "arguments must be invocable after conversion to rvalues\n"
      "  270 |             static_assert(is_invocable_v<decay_t<_Callable>,\n"
      "      |                           ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n";
  const auto error = FindFirstError(kBuild, "/kit");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->text,
            "chapters/02-cancel/server.cpp:4:57:   required from here\n"
            "    4 |   std::jthread t([](int& x) { ++x; }, n);\n"
            "      |                                         ^\n"
            "/usr/include/c++/14/thread:270:27: error: static assertion failed: std::jthread "
            "arguments must be invocable after conversion to rvalues\n"
            "  270 |             static_assert(is_invocable_v<decay_t<_Callable>,\n"
            "      |                           ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~");
}

TEST(FindFirstError, CutsAVeryLongErrorAndCountsWhatItLeftOut) {
  std::string build = "/kit/chapters/01-happy-path/server.cpp:3:1: error: no match\n";
  for (int candidate = 0; candidate < 100; ++candidate) {
    build += "/usr/include/c++/12/bits/basic_string.h:" + std::to_string(candidate) +
             ":1: note: candidate: 'std::string::operator+=(...)'\n";
  }
  const auto error = FindFirstError(build, "/kit");
  ASSERT_TRUE(error);
  EXPECT_LT(std::ranges::count(error->text, '\n'), 40) << error->text;
  EXPECT_GT(error->lines_left_out, 60u);
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

TEST(FindFirstError, SaysMoldsLinkErrorsInTheSameWordsAsGnuLd) {
  const auto undefined = FindFirstError(
      "FAILED: chapters/ch01_start\n"
      "mold: error: undefined symbol: tutorial::Server(tutorial::Store&)\n"
      ">>> referenced by my_server_test.cpp\n"
      "collect2: error: ld returned 1 exit status\n",
      "/kit");
  ASSERT_TRUE(undefined);
  EXPECT_EQ(undefined->text,
            "link error: undefined reference to `tutorial::Server(tutorial::Store&)'");
  const auto duplicate = FindFirstError(
      "mold: error: duplicate symbol: chapters/CMakeFiles/x.dir/server.cpp.o: "
      "chapters/CMakeFiles/y.dir/store.cpp.o: tutorial::Server(tutorial::Store&)\n",
      "/kit");
  ASSERT_TRUE(duplicate);
  EXPECT_EQ(duplicate->text,
            "link error: multiple definition of `tutorial::Server(tutorial::Store&)'");
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
            "    operator() /kit/chapters/02-cancel/server.cpp:17\n"
            "SUMMARY: AddressSanitizer: heap-use-after-free /kit/chapters/02-cancel/server.cpp:17");
  EXPECT_FALSE(FirstSanitizerReport("[  PASSED  ] 3 tests.\n"));
}

// The asan build is clang's: its symbolizer adds the column, and names the C library's frames
// relative to where Debian built it. The learner reads the same report as from g++.
TEST(FirstSanitizerReport, ReadsClangsFramesAsGccsAndDropsTheCLibrarys) {
  constexpr std::string_view kOutput =
      "==7==ERROR: AddressSanitizer: stack-use-after-return on address 0x7f2c at pc 0x5\n"
      "WRITE of size 8 at 0x7f2c thread T2\n"
      "    #0 0x55a9 in tutorial::Server(tutorial::Store&)::$_0::operator()(http::ResponseWriter&, "
      "http::Request const&) const::'lambda'()::operator()() const "
      "/kit/solutions/02-cancel/wrong/x/server.cpp:24:14\n"
      "    #1 0x55aa in std::__invoke_impl<void, (lambda)>() "
      "/usr/include/c++/12/bits/invoke.h:61:14\n"
      "    #2 0x7fcd in start_thread nptl/./nptl/pthread_create.c:442:8\n"
      "    #3 0x7fce in operator delete(void*) (/kit/build/ch02+0xf4) (BuildId: c3)\n"
      "\n"
      "Address 0x7f2c is located in stack of thread T0 at offset 240 in frame\n"
      "    #0 0x55c1 in tutorial::Server(tutorial::Store&)::$_0::operator()(http::ResponseWriter&, "
      "http::Request const&) const /kit/solutions/02-cancel/wrong/x/server.cpp:13\n"
      "SUMMARY: AddressSanitizer: stack-use-after-return "
      "/kit/solutions/02-cancel/wrong/x/server.cpp:24:14 in operator()\n";
  EXPECT_EQ(FirstSanitizerReport(kOutput),
            "==7==ERROR: AddressSanitizer: stack-use-after-return on address 0x7f2c at pc 0x5\n"
            "WRITE of size 8 at 0x7f2c thread T2\n"
            "    operator() /kit/solutions/02-cancel/wrong/x/server.cpp:24\n"
            "Address 0x7f2c is located in stack of thread T0 at offset 240 in frame\n"
            "    operator() /kit/solutions/02-cancel/wrong/x/server.cpp:13\n"
            "SUMMARY: AddressSanitizer: stack-use-after-return "
            "/kit/solutions/02-cancel/wrong/x/server.cpp:24:14 in operator()");
}

TEST(FirstLearnerFrame, IsTheFirstFrameInAFileTheLearnerEdits) {
  constexpr std::string_view kReport =
      "WARNING: ThreadSanitizer: data race (pid=1)\n"
      "  Write of size 1 at 0x7b04 by thread T1:\n"
      "    spies::SpyStore::Cancel() /kit/spies/ch02/spy_store.h:30\n"
      "    tutorial::(anonymous namespace)::Body() /kit/chapters/02-cancel/server_test.cpp:41\n"
      "    operator() /kit/chapters/02-cancel/server.cpp:20\n"
      "  Previous read of size 1 at 0x7b04 by main thread:\n"
      "    operator() /kit/chapters/02-cancel/server.cpp:12\n";
  EXPECT_EQ(FirstLearnerFrame(kReport, {"server.cpp"}),
            "operator() /kit/chapters/02-cancel/server.cpp:20");
  EXPECT_EQ(FirstLearnerFrame("    Fetch /kit/solutions/02-cancel/wrong/x/server.cpp:7:3\n",
                              {"server.cpp"}),
            "Fetch /kit/solutions/02-cancel/wrong/x/server.cpp:7:3");
  EXPECT_FALSE(FirstLearnerFrame(kReport, {"store.cpp"}));
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
