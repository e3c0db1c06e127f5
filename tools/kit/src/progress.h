// .kit/progress.json: what the learner has achieved, per chapter.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace kit {

// .kit/progress.json: per chapter, the fingerprint of the files that last passed or failed, and
// how many hints were shown. The CLI writes it; nothing breaks when it is deleted.
class Progress {
 public:
  static Progress Load(const std::filesystem::path& file);
  void Save() const;

  enum class State { kNotChecked, kFailing, kPassing };
  // kNotChecked also when the files changed since they were last checked.
  State StateOf(const std::string& chapter_number, const std::string& files_hash) const;
  void Record(const std::string& chapter_number, const std::string& files_hash, bool passed);

  int HintsShown(const std::string& chapter_number) const;
  void SetHintsShown(const std::string& chapter_number, int count);

 private:
  struct ChapterProgress {
    std::string files_hash;
    bool passed = false;
    int hints_shown = 0;
  };
  std::filesystem::path file_;
  std::map<std::string, ChapterProgress> chapters_;
};

}  // namespace kit
