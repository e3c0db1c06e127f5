#include "session.h"

#include <unistd.h>

#include <cstdlib>

namespace kit {

Style::Style(ColorMode mode)
    : colored_(mode == ColorMode::kAlways ||
               (mode == ColorMode::kAuto && ::isatty(STDOUT_FILENO) != 0 &&
                std::getenv("NO_COLOR") == nullptr)) {}

std::string Style::operator()(std::string_view text, fmt::text_style style) const {
  if (!colored_) return std::string(text);
  return fmt::format(style, "{}", text);
}

std::string Style::Good(std::string_view text) const {
  return (*this)(text, fmt::fg(fmt::terminal_color::green) | fmt::emphasis::bold);
}

std::string Style::Bad(std::string_view text) const {
  return (*this)(text, fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold);
}

std::expected<Session, std::string> Session::Open(const GlobalOptions& global) {
  auto workspace = Workspace::Open(global.root);
  if (!workspace) return std::unexpected(workspace.error());
  auto progress = Progress::Load(workspace->KitDir() / "progress.json");
  return Session(std::move(*workspace), std::move(progress), Style(global.color));
}

std::expected<const Chapter*, std::string> Session::Resolve(const std::string& name) const {
  const auto& chapters = workspace_.Chapters().chapters;
  if (name.empty()) {
    for (const auto& chapter : chapters) {
      if (StateOf(chapter) != Progress::State::kPassing) return &chapter;
    }
    return &chapters.back();
  }
  if (const Chapter* chapter = workspace_.Chapters().Find(name)) return chapter;
  std::string known;
  for (const auto& chapter : chapters) known += " " + chapter.number;
  return std::unexpected(
      fmt::format(fmt::runtime(_("there is no chapter {}; the chapters are{}")), name, known));
}

Progress::State Session::StateOf(const Chapter& chapter) const {
  return progress_.StateOf(chapter.number, workspace_.LearnerFilesHash(chapter));
}

std::string Session::Shown(const std::filesystem::path& path) const {
  return path.lexically_relative(workspace_.Root()).string();
}

std::filesystem::path LessonFile(const Workspace& kit, const Chapter& chapter) {
  // TRANSLATORS: the file name of a chapter's lesson in your language (README.ko.md), beside
  // the English README.md; the kit falls back to README.md where it does not exist.
  const auto translated = kit.ExerciseDir(chapter) / _("README.md");
  if (std::filesystem::exists(translated)) return translated;
  return kit.ExerciseDir(chapter) / "README.md";
}

int Fail(std::string_view message) {
  fmt::print(stderr, fmt::runtime(_("kit: {}\n")), message);
  return 1;
}

}  // namespace kit
