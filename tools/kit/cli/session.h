// What every learner verb starts with: the workspace, the saved progress, the chapter the learner
// means, and how to print (colours only on a terminal, or as --color says).
#pragma once

#include <fmt/color.h>
#include <fmt/format.h>

#include <expected>
#include <optional>
#include <string>

#include "commands.h"
#include "i18n.h"
#include "progress.h"
#include "test_grading.h"
#include "workspace.h"

namespace kit {

class Style {
 public:
  explicit Style(ColorMode mode);
  bool Colored() const { return colored_; }
  std::string operator()(std::string_view text, fmt::text_style style) const;
  std::string Bold(std::string_view text) const { return (*this)(text, fmt::emphasis::bold); }
  std::string Dim(std::string_view text) const { return (*this)(text, fmt::emphasis::faint); }
  std::string Good(std::string_view text) const;
  std::string Bad(std::string_view text) const;

 private:
  bool colored_;
};

class Session {
 public:
  static std::expected<Session, std::string> Open(const GlobalOptions& global);

  const Workspace& Kit() const { return workspace_; }
  Progress& Saved() { return progress_; }
  // Another command (a hint shown from `watch`) may have saved progress since Open().
  void ReloadProgress() { progress_ = Progress::Load(workspace_.KitDir() / "progress.json"); }
  const Style& Print() const { return style_; }

  // The chapter the learner named ("2", "02", "02-cancel"), or with an empty name the first
  // chapter that does not pass yet. The error lists the chapters there are.
  std::expected<const Chapter*, std::string> Resolve(const std::string& name) const;
  Progress::State StateOf(const Chapter& chapter) const;
  // A path the learner can copy: relative to the kit's root.
  std::string Shown(const std::filesystem::path& path) const;

  // The last grade of a learner's test, kept while this command runs (kit watch checks again on
  // every save) with the chapter and ProgramsStamp of the programs it ran.
  struct RememberedGrade {
    std::string stamp;
    std::expected<TestGrade, std::string> grade;
  };
  std::optional<RememberedGrade>& LastGrade() { return last_grade_; }

 private:
  Session(Workspace workspace, Progress progress, Style style)
      : workspace_(std::move(workspace)), progress_(std::move(progress)), style_(style) {}

  Workspace workspace_;
  Progress progress_;
  Style style_;
  std::optional<RememberedGrade> last_grade_;
};

// The chapter's lesson in the learner's language: README.ko.md for Korean, where it exists.
std::filesystem::path LessonFile(const Workspace& kit, const Chapter& chapter);

// Prints "kit: <message>" to stderr and returns 1, for `return Fail(...)`.
int Fail(std::string_view message);

}  // namespace kit
