// The progress of the CLI's builds (./kit check building a preset for the first time): Ninja's
// status lines read right, the line drawn in proportion, quiet builds quiet, and nothing of the
// build's output lost on the way.
#include "build_progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace kit {
namespace {

using std::chrono::seconds;

TEST(ParseNinjaStatus, ReadsTheStepOfAStatusLine) {
  const auto step = ParseNinjaStatus("[57/412] Building CXX object lib/context/context.cpp.o");
  ASSERT_TRUE(step);
  EXPECT_EQ(step->done, 57);
  EXPECT_EQ(step->total, 412);
}

TEST(ParseNinjaStatus, LeavesCompilerMessagesAlone) {
  for (const auto* line : {"[with T = int]", "[1/0] x", "[5/3] x", "x [1/2] y", "[/2] x", "[1/] x",
                           "[a/2] x", "server.cpp:9:1: error: expected ';'", ""}) {
    EXPECT_FALSE(ParseNinjaStatus(line)) << line;
  }
}

TEST(ProgressLine, FillsTheBarInProportionAndShowsThePercentAndTheClock) {
  EXPECT_EQ(ProgressLine({.done = 57, .total = 412}, seconds(37)),
            "building [ 57/412] ##------------------  13%  0:37");
  EXPECT_EQ(ProgressLine({.done = 206, .total = 412}, seconds(61)),
            "building [206/412] ##########----------  50%  1:01");
  EXPECT_EQ(ProgressLine({.done = 412, .total = 412}, seconds(150)),
            "building [412/412] #################### 100%  2:30");
  EXPECT_EQ(ProgressLine({}, seconds(3)), "building...  0:03");
}

std::string Contents(std::FILE* file) {
  std::rewind(file);
  std::string text;
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file)) text += static_cast<char>(c);
  return text;
}

TEST(ProgressPrinter, AQuickBuildShowsNothing) {
  std::FILE* out = std::tmpfile();
  ProgressPrinter print(out, /*terminal=*/true, seconds(2));
  print({.done = 1, .total = 2}, seconds(0));
  print({.done = 2, .total = 2}, seconds(1));
  print.Finish();
  EXPECT_EQ(Contents(out), "");
  std::fclose(out);
}

TEST(ProgressPrinter, OffATerminalPrintsALineAtEachTenth) {
  std::FILE* out = std::tmpfile();
  ProgressPrinter print(out, /*terminal=*/false, seconds(0));
  for (int done = 0; done <= 40; ++done) print({.done = done, .total = 40}, seconds(done));
  print.Finish();
  const auto text = Contents(out);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 11) << text;
  EXPECT_NE(text.find("building [ 0/40] --------------------   0%  0:00\n"), std::string::npos);
  EXPECT_NE(text.find("building [40/40] #################### 100%  0:40\n"), std::string::npos);
  std::fclose(out);
}

TEST(ProgressPrinter, OnATerminalRedrawsOneLineAndClearsItAtTheEnd) {
  std::FILE* out = std::tmpfile();
  ProgressPrinter print(out, /*terminal=*/true, seconds(2));
  print({.done = 1, .total = 4}, seconds(3));
  print({.done = 3, .total = 4}, seconds(4));
  print.Finish();
  EXPECT_EQ(Contents(out),
            "\r\x1b[Kbuilding [1/4] #####---------------  25%  0:03"
            "\r\x1b[Kbuilding [3/4] ###############-----  75%  0:04"
            "\r\x1b[K");
  std::fclose(out);
}

TEST(RunBuild, KeepsAllTheOutputAndReportsTheLatestStep) {
  BuildStep last;
  int reports = 0;
  // The second status line arrives in two writes, as a pipe may deliver it.
  const auto result =
      RunBuild({.argv = {"sh", "-c",
                         "echo '[1/3] a'; echo 'x.cpp:1:1: warning: w'; printf '[2/'; sleep 0.1; "
                         "echo '3] b'; echo '[3/3] c'"},
                .environment = {},
                .working_directory = {},
                .pipe_stdin = false},
               [&](BuildStep step, seconds) {
                 last = step;
                 ++reports;
               });
  ASSERT_TRUE(result) << result.error();
  EXPECT_TRUE(result->status.Succeeded());
  EXPECT_EQ(result->output, "[1/3] a\nx.cpp:1:1: warning: w\n[2/3] b\n[3/3] c\n");
  EXPECT_EQ(last.done, 3);
  EXPECT_EQ(last.total, 3);
  EXPECT_GE(reports, 1);
}

}  // namespace
}  // namespace kit
