#include "progress.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "files.h"

namespace kit {

namespace fs = std::filesystem;

Progress Progress::Load(const fs::path& file) {
  Progress progress;
  progress.file_ = file;
  std::ifstream input(file);
  const auto json = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.contains("chapters")) return progress;
  for (const auto& [number, entry] : json["chapters"].items()) {
    progress.chapters_[number] = {.files_hash = entry.value("files_hash", ""),
                                  .passed = entry.value("passed", false),
                                  .hints_shown = entry.value("hints_shown", 0)};
  }
  return progress;
}

void Progress::Save() const {
  nlohmann::json json;
  json["chapters"] = nlohmann::json::object();
  for (const auto& [number, entry] : chapters_) {
    json["chapters"][number] = {{"files_hash", entry.files_hash},
                                {"passed", entry.passed},
                                {"hints_shown", entry.hints_shown}};
  }
  std::error_code ignored;
  fs::create_directories(file_.parent_path(), ignored);
  WriteFileAtomically(file_, json.dump(2) + "\n");
}

Progress::State Progress::StateOf(const std::string& chapter_number,
                                  const std::string& files_hash) const {
  const auto found = chapters_.find(chapter_number);
  if (found == chapters_.end() || found->second.files_hash != files_hash) {
    return State::kNotChecked;
  }
  return found->second.passed ? State::kPassing : State::kFailing;
}

void Progress::Record(const std::string& chapter_number, const std::string& files_hash,
                      bool passed) {
  auto& entry = chapters_[chapter_number];
  entry.files_hash = files_hash;
  entry.passed = passed;
}

int Progress::HintsShown(const std::string& chapter_number) const {
  const auto found = chapters_.find(chapter_number);
  return found == chapters_.end() ? 0 : found->second.hints_shown;
}

void Progress::SetHintsShown(const std::string& chapter_number, int count) {
  chapters_[chapter_number].hints_shown = count;
}

}  // namespace kit
