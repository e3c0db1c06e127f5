#include "layout_check.h"

#include <algorithm>
#include <set>

#include "test_list.h"
#include "turns.h"

namespace kit {

namespace {

namespace fs = std::filesystem;

// A path as a maintainer at the kit's root would type it.
std::string Relative(const Workspace& kit, const fs::path& path) {
  return fs::absolute(path).lexically_relative(fs::absolute(kit.Root())).generic_string();
}

// The .cpp files at the top of `dir`: what CMake builds as the chapter's learner files and model
// tests (cmake/CancelkitChapter.cmake globs solutions/<dir>/*.cpp).
std::set<std::string> TopLevelSources(const fs::path& dir) {
  std::set<std::string> names;
  std::error_code unreadable;
  for (const auto& entry : fs::directory_iterator(dir, unreadable)) {
    if (entry.is_regular_file() && entry.path().extension() == ".cpp") {
      names.insert(entry.path().filename().string());
    }
  }
  return names;
}

void CheckChapterFiles(const Workspace& kit, const Chapter& chapter,
                       std::vector<std::string>& problems) {
  const fs::path exercise = kit.ExerciseDir(chapter);
  const fs::path solution = kit.SolutionDir(chapter);
  for (const fs::path& dir : {exercise, solution}) {
    if (!fs::is_directory(dir)) {
      problems.push_back("chapter " + chapter.number + ": " + Relative(kit, dir) + " is missing");
      return;
    }
  }
  if (!fs::is_regular_file(exercise / "README.md")) {
    problems.push_back("chapter " + chapter.number +
                       " has no lesson: " + Relative(kit, exercise / "README.md") + " is missing");
  }
  std::set<std::string> listed(chapter.files.begin(), chapter.files.end());
  listed.insert(chapter.test_files.begin(), chapter.test_files.end());
  for (const std::string& name : listed) {
    for (const fs::path& dir : {exercise, solution}) {
      if (!fs::is_regular_file(dir / name)) {
        problems.push_back("chapter " + chapter.number + " lists " + name + ", but " +
                           Relative(kit, dir / name) + " is missing");
      }
    }
  }
  for (const std::string& name : TopLevelSources(solution)) {
    if (!listed.contains(name)) {
      problems.push_back(Relative(kit, solution / name) + " is not in chapter " + chapter.number +
                         "'s files or test_files: CMake builds it as a learner file, which " +
                         "the kit never shows, resets or grades");
    }
  }
}

void CheckTurns(const Workspace& kit, const Chapter& chapter, std::vector<std::string>& problems) {
  const auto turns = ReadTurns(kit.SolutionDir(chapter), chapter.files);
  if (!turns) {
    problems.push_back("chapter " + chapter.number + ": " + turns.error());
    return;
  }
  for (const std::string& slug : chapter.grades_against) {
    const bool plain_wrong_turn = std::ranges::any_of(*turns, [&](const Turn& turn) {
      return turn.kind == Turn::Kind::kWrong && turn.slug == slug &&
             turn.rejected_by == BuildKind::kPlain;
    });
    if (!plain_wrong_turn) {
      problems.push_back("chapter " + chapter.number + " grades against '" + slug +
                         "', which is not a [plain] wrong turn in " +
                         Relative(kit, kit.SolutionDir(chapter) / "wrong"));
    }
  }
}

void CheckFailingTests(const Chapter& chapter, const fs::path& build_dir,
                       std::vector<std::string>& problems) {
  const fs::path program = build_dir / "chapters" / chapter.ExerciseTarget();
  const auto tests = ListTests(program);
  if (!tests) {
    problems.push_back("chapter " + chapter.number + ": " + tests.error() + " (build " +
                       chapter.ExerciseTarget() + " first)");
    return;
  }
  for (const std::string& name : chapter.failing_at_start) {
    const bool exists =
        std::ranges::any_of(*tests, [&](const ProgramTest& test) { return test.name == name; });
    if (!exists) {
      problems.push_back("chapter " + chapter.number + " expects " + name +
                         " to fail at the start, but no test has that name");
    }
  }
}

}  // namespace

std::vector<std::string> CheckLayout(const Workspace& kit,
                                     const std::optional<fs::path>& build_dir) {
  std::vector<std::string> problems;
  std::set<std::string> dirs;
  for (const Chapter& chapter : kit.Chapters().chapters) {
    dirs.insert(chapter.dir);
    CheckChapterFiles(kit, chapter, problems);
    CheckTurns(kit, chapter, problems);
    if (chapter.hints.empty()) problems.push_back("chapter " + chapter.number + " has no hints");
    if (build_dir) CheckFailingTests(chapter, *build_dir, problems);
  }
  for (const fs::path& parent : {kit.Root() / "chapters", kit.Root() / "solutions"}) {
    std::error_code unreadable;
    for (const auto& entry : fs::directory_iterator(parent, unreadable)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_directory() && !dirs.contains(name)) {
        problems.push_back(Relative(kit, entry.path()) + " is not a chapter of " +
                           "chapters/chapters.toml");
      }
    }
  }
  return problems;
}

}  // namespace kit
