#include "layout_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "workspace.h"

namespace kit {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr std::string_view kManifest = R"(
[[chapter]]
number = "01"
dir = "01-first"
title = "The first"
files = ["server.cpp"]
test_files = ["my_server_test.cpp"]
grades_against = ["hard-coded-body"]
failing_at_start = ["Fake.AlwaysPasses"]
hints = ["one"]
)";

// A kit of one chapter whose manifest, chapters/ and solutions/ agree, for each test to break.
class LayoutCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "kit-layout-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    Write("chapters/chapters.toml", kManifest);
    for (const char* name :
         {"chapters/01-first/README.md", "chapters/01-first/server.cpp",
          "chapters/01-first/my_server_test.cpp", "solutions/01-first/server.cpp",
          "solutions/01-first/my_server_test.cpp"}) {
      Write(name, "// code\n");
    }
    Write("solutions/01-first/wrong/hard-coded-body/server.cpp",
          "// wrong turn [plain]: a handler that answers with a fixed text\n");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& name, std::string_view text) const {
    fs::create_directories((root_ / name).parent_path());
    std::ofstream(root_ / name) << text;
  }

  std::vector<std::string> Problems(const std::optional<fs::path>& build_dir = {}) const {
    const auto kit = Workspace::Open(root_);
    EXPECT_TRUE(kit) << kit.error();
    return kit ? CheckLayout(*kit, build_dir) : std::vector<std::string>{"no workspace"};
  }

  fs::path root_;
};

TEST_F(LayoutCheck, FindsNothingWhenTheThreeAgree) {
  EXPECT_EQ(Problems(), std::vector<std::string>{});
}

TEST_F(LayoutCheck, NamesAListedFileMissingFromTheSolutions) {
  fs::remove(root_ / "solutions/01-first/server.cpp");

  const auto problems = Problems();

  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("solutions/01-first/server.cpp is missing"));
}

TEST_F(LayoutCheck, NamesASolutionFileTheManifestDoesNotList) {
  Write("solutions/01-first/store.cpp", "// code\n");

  const auto problems = Problems();

  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("solutions/01-first/store.cpp is not in chapter 01's files"));
}

TEST_F(LayoutCheck, NamesAGradedWrongTurnThatIsNotThere) {
  fs::rename(root_ / "solutions/01-first/wrong/hard-coded-body",
             root_ / "solutions/01-first/wrong/fixed-text");

  const auto problems = Problems();

  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("grades against 'hard-coded-body'"));
}

TEST_F(LayoutCheck, NamesAFolderThatNoChapterOwns) {
  Write("chapters/02-second/README.md", "# a lesson nobody listed\n");

  const auto problems = Problems();

  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("chapters/02-second is not a chapter"));
}

TEST_F(LayoutCheck, NamesATestExpectedToFailThatTheProgramDoesNotHave) {
  fs::create_directories(root_ / "build/chapters");
  fs::create_symlink(KIT_FAKE_CHAPTER, root_ / "build/chapters/ch01_exercise");
  EXPECT_EQ(Problems(root_ / "build"), std::vector<std::string>{}) << "Fake.AlwaysPasses exists";

  Write("chapters/chapters.toml",
        std::string(kManifest).replace(std::string(kManifest).find("Fake.AlwaysPasses"), 17,
                                       "Fake.NeverWritten"));
  const auto problems = Problems(root_ / "build");

  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("expects Fake.NeverWritten to fail at the start"));
}

}  // namespace
}  // namespace kit
