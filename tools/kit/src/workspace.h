// The kit's repository as the CLI sees it: where a chapter's files, solution and programs are,
// and the two things that touch a learner's files on purpose: the backup and restore of
// `kit reset`. What the learner has achieved is progress.h's; reading and writing files, files.h's.
#pragma once

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "manifest.h"

namespace kit {

class Workspace {
 public:
  Workspace(std::filesystem::path root, Manifest manifest)
      : root_(std::move(root)), manifest_(std::move(manifest)) {}

  // Reads <root>/chapters/chapters.toml.
  static std::expected<Workspace, std::string> Open(const std::filesystem::path& root);

  const std::filesystem::path& Root() const { return root_; }
  const Manifest& Chapters() const { return manifest_; }

  std::filesystem::path ExerciseDir(const Chapter& chapter) const;
  std::filesystem::path SolutionDir(const Chapter& chapter) const;
  // Everything the learner edits: the code, then the test(s) they write (chapter.test_files).
  // Backups, reset, watch, diff and the progress fingerprint all cover both.
  std::vector<std::filesystem::path> LearnerFiles(const Chapter& chapter) const;
  // The same names in solutions/<dir>/: the solution, then the model test(s).
  std::vector<std::filesystem::path> SolutionFiles(const Chapter& chapter) const;
  std::filesystem::path BuildDir(std::string_view preset) const;
  std::filesystem::path ExerciseProgram(const Chapter& chapter, std::string_view preset) const;
  std::filesystem::path KitDir() const { return root_ / ".kit"; }

  // A fingerprint of the learner's files of `chapter`: progress is only valid for this content.
  std::string LearnerFilesHash(const Chapter& chapter) const;

  // Copies the learner's files to .kit/backups/<date>-chNN/ and returns that folder.
  std::expected<std::filesystem::path, std::string> BackUp(const Chapter& chapter) const;
  // The starting code of each learner file, from the kit's git history (HEAD), without writing.
  std::expected<std::map<std::filesystem::path, std::string>, std::string> StartingCode(
      const Chapter& chapter) const;

 private:
  std::filesystem::path root_;
  Manifest manifest_;
};

}  // namespace kit
