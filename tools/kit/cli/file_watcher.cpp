#include "file_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <system_error>
#include <utility>

namespace kit {

namespace fs = std::filesystem;

ChapterWatcher::ChapterWatcher(const fs::path& folder, std::vector<fs::path> files)
    : files_(std::move(files)), fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (fd_ >= 0 &&
      ::inotify_add_watch(fd_, folder.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
    ::close(fd_);
    fd_ = -1;
  }
  stamps_ = Stamps();
}

ChapterWatcher::~ChapterWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool ChapterWatcher::LearnerFileChanged() {
  if (fd_ < 0) {
    auto now = Stamps();
    const bool changed = now != stamps_;
    stamps_ = std::move(now);
    return changed;
  }
  bool changed = false;
  alignas(inotify_event) std::array<char, 4096> buffer;
  for (;;) {
    const ssize_t length = ::read(fd_, buffer.data(), buffer.size());
    if (length <= 0) break;
    for (ssize_t offset = 0; offset < length;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + offset);
      if (event->len > 0 && IsLearnerFile(event->name)) changed = true;
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
  return changed;
}

bool ChapterWatcher::IsLearnerFile(std::string_view name) const {
  return std::ranges::any_of(files_, [&](const fs::path& file) { return file.filename() == name; });
}

std::vector<fs::file_time_type> ChapterWatcher::Stamps() const {
  std::vector<fs::file_time_type> stamps;
  for (const auto& file : files_) {
    std::error_code missing;
    stamps.push_back(fs::last_write_time(file, missing));
  }
  return stamps;
}

}  // namespace kit
