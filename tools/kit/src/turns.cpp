#include "turns.h"

#include <algorithm>
#include <fstream>

namespace kit {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kWrongPrefix = "// wrong turn [";
constexpr std::string_view kRightPrefix = "// right turn: ";
constexpr std::string_view kHeaderForms =
    "`// wrong turn [plain|race|asan]: <what the code does>` or `// right turn: <what the code "
    "does>`";

std::string FirstLine(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

std::string_view Name(BuildKind kind) {
  switch (kind) {
    case BuildKind::kRace:
      return "race";
    case BuildKind::kAsan:
      return "asan";
    case BuildKind::kPlain:
      break;
  }
  return "plain";
}

std::expected<BuildKind, std::string> ParseBuildKind(std::string_view name) {
  for (const auto kind : {BuildKind::kPlain, BuildKind::kRace, BuildKind::kAsan}) {
    if (Name(kind) == name) return kind;
  }
  return std::unexpected("unknown run '" + std::string(name) + "' (plain, race or asan)");
}

std::string Turn::Label() const {
  return std::string(kind == Kind::kWrong ? "wrong/" : "right/") + slug;
}

std::expected<Turn, std::string> ParseTurnHeader(std::string_view line) {
  Turn turn;
  std::string_view description;
  if (line.starts_with(kRightPrefix)) {
    turn.kind = Turn::Kind::kRight;
    description = line.substr(kRightPrefix.size());
  } else if (line.starts_with(kWrongPrefix)) {
    const auto rest = line.substr(kWrongPrefix.size());
    const auto close = rest.find("]: ");
    if (close == std::string_view::npos) {
      return std::unexpected("a header must read " + std::string(kHeaderForms));
    }
    const auto run = ParseBuildKind(rest.substr(0, close));
    if (!run) return std::unexpected(run.error());
    turn.kind = Turn::Kind::kWrong;
    turn.rejected_by = *run;
    description = rest.substr(close + 3);
  } else {
    return std::unexpected("a header must read " + std::string(kHeaderForms));
  }
  if (description.find_first_not_of(' ') == std::string_view::npos) {
    return std::unexpected("the header says nothing after the colon: " + std::string(kHeaderForms));
  }
  turn.description = std::string(description);
  return turn;
}

std::expected<Turn, std::string> ReadTurn(const fs::path& dir,
                                          const std::vector<std::string>& learner_files) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::ranges::sort(files);
  if (files.empty()) return std::unexpected(dir.string() + ": holds no learner file");

  std::expected<Turn, std::string> turn = std::unexpected("");
  for (const auto& file : files) {
    const auto name = file.filename().string();
    if (std::ranges::find(learner_files, name) == learner_files.end()) {
      return std::unexpected(file.string() +
                             ": not a learner file of this chapter (chapters.toml `files`)");
    }
    const std::string line = FirstLine(file);
    auto header = ParseTurnHeader(line);
    if (!header) return std::unexpected(file.string() + ":1: " + header.error());
    if (turn && line != FirstLine(turn->files.front())) {
      return std::unexpected(file.string() + ":1: every file of a turn opens with the same header");
    }
    if (!turn) {
      turn = std::move(header);
      turn->slug = dir.filename().string();
      turn->dir = dir;
    }
    turn->files.push_back(file);
  }
  const auto expected_kind =
      dir.parent_path().filename() == "right" ? Turn::Kind::kRight : Turn::Kind::kWrong;
  if (turn->kind != expected_kind) {
    return std::unexpected(turn->files.front().string() + ":1: a " +
                           (expected_kind == Turn::Kind::kRight ? "right" : "wrong") +
                           " turn's header must say so");
  }
  return turn;
}

std::expected<std::vector<Turn>, std::string> ReadTurns(
    const fs::path& solution_dir, const std::vector<std::string>& learner_files) {
  std::vector<Turn> turns;
  for (const char* kind : {"wrong", "right"}) {
    const fs::path kind_dir = solution_dir / kind;
    if (!fs::is_directory(kind_dir)) continue;
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(kind_dir)) {
      if (entry.is_directory()) dirs.push_back(entry.path());
    }
    std::ranges::sort(dirs);
    for (const auto& dir : dirs) {
      auto turn = ReadTurn(dir, learner_files);
      if (!turn) return std::unexpected(turn.error());
      turns.push_back(std::move(*turn));
    }
  }
  return turns;
}

}  // namespace kit
