// ChapterWatcher: tells `kit watch` when one of a chapter's learner files was saved.
//
// File events come from inotify on the chapter's folder. Editors save in different ways: some
// write the file in place (IN_CLOSE_WRITE), some write a temporary file and rename it over the
// original (IN_MOVED_TO), some delete and create it (IN_CREATE); all three count. Where inotify
// is unavailable (some network and container file systems), the files' modification times are
// compared instead, each time the caller asks.
#pragma once

#include <filesystem>
#include <vector>

namespace kit {

class ChapterWatcher {
 public:
  ChapterWatcher(const std::filesystem::path& folder, std::vector<std::filesystem::path> files);
  ~ChapterWatcher();
  ChapterWatcher(const ChapterWatcher&) = delete;
  ChapterWatcher& operator=(const ChapterWatcher&) = delete;

  bool UsesInotify() const { return fd_ >= 0; }
  int Descriptor() const { return fd_; }  // to poll(2) on; -1 when polling the files instead

  // Consumes pending events; true if one of them is about a learner file (when polling: if a
  // file's modification time changed since the last call).
  bool LearnerFileChanged();

 private:
  bool IsLearnerFile(std::string_view name) const;
  std::vector<std::filesystem::file_time_type> Stamps() const;

  std::vector<std::filesystem::path> files_;
  int fd_ = -1;
  std::vector<std::filesystem::file_time_type> stamps_;
};

}  // namespace kit
