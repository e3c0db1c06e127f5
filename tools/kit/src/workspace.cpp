#include "workspace.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "files.h"
#include "process.h"

namespace kit {

namespace fs = std::filesystem;

std::expected<Workspace, std::string> Workspace::Open(const fs::path& root) {
  auto manifest = LoadManifest(root / "chapters" / "chapters.toml");
  if (!manifest) return std::unexpected(manifest.error());
  auto normal = fs::absolute(root).lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();  // "/kit/." became "/kit/"
  return Workspace(std::move(normal), std::move(*manifest));
}

fs::path Workspace::ExerciseDir(const Chapter& chapter) const {
  return root_ / "chapters" / chapter.dir;
}

fs::path Workspace::SolutionDir(const Chapter& chapter) const {
  return root_ / "solutions" / chapter.dir;
}

std::vector<fs::path> Workspace::LearnerFiles(const Chapter& chapter) const {
  std::vector<fs::path> files;
  for (const auto& name : chapter.files) files.push_back(ExerciseDir(chapter) / name);
  for (const auto& name : chapter.test_files) files.push_back(ExerciseDir(chapter) / name);
  return files;
}

std::vector<fs::path> Workspace::SolutionFiles(const Chapter& chapter) const {
  std::vector<fs::path> files;
  for (const auto& name : chapter.files) files.push_back(SolutionDir(chapter) / name);
  for (const auto& name : chapter.test_files) files.push_back(SolutionDir(chapter) / name);
  return files;
}

fs::path Workspace::BuildDir(std::string_view preset) const {
  return root_ / "build" / preset;
}

fs::path Workspace::ExerciseProgram(const Chapter& chapter, std::string_view preset) const {
  return BuildDir(preset) / "chapters" / chapter.ExerciseTarget();
}

std::string Workspace::LearnerFilesHash(const Chapter& chapter) const {
  // FNV-1a: a fingerprint to notice edits, not a defence against anyone.
  std::uint64_t hash = 14695981039346656037ULL;
  const auto mix = [&hash](std::string_view bytes) {
    for (const unsigned char byte : bytes) {
      hash ^= byte;
      hash *= 1099511628211ULL;
    }
  };
  for (const auto& file : LearnerFiles(chapter)) {
    mix(file.filename().string());
    mix(std::string_view("\0", 1));
    mix(ReadFile(file));
  }
  return fmt::format("{:016x}", hash);
}

std::expected<fs::path, std::string> Workspace::BackUp(const Chapter& chapter) const {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto folder =
      KitDir() / "backups" / fmt::format("{:%Y-%m-%d-%H%M%S}-ch{}", now, chapter.number);
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) return std::unexpected("cannot create " + folder.string() + ": " + error.message());
  for (const auto& file : LearnerFiles(chapter)) {
    if (!fs::exists(file)) continue;
    fs::copy_file(file, folder / file.filename(), fs::copy_options::overwrite_existing, error);
    if (error) return std::unexpected("cannot back up " + file.string() + ": " + error.message());
  }
  return folder;
}

std::expected<std::map<fs::path, std::string>, std::string> Workspace::StartingCode(
    const Chapter& chapter) const {
  std::map<fs::path, std::string> code;
  for (const auto& file : LearnerFiles(chapter)) {
    const auto in_repository = file.lexically_relative(root_).generic_string();
    auto shown = RunProcess({.argv = {"git", "-C", root_.string(), "show", "HEAD:" + in_repository},
                             .environment = {},
                             .working_directory = {},
                             .pipe_stdin = false});
    if (!shown || !shown->status.Succeeded()) {
      return std::unexpected("cannot find the starting code of " + in_repository +
                             " in the kit's git history (is " + root_.string() +
                             " a git clone of the kit?)");
    }
    code[file] = std::move(shown->output);
  }
  return code;
}

}  // namespace kit
