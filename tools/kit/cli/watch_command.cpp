// kit watch: check the chapter again whenever one of its files is saved.
//
// File events come from inotify on the chapter's folder. Editors save in different ways: some
// write the file in place (IN_CLOSE_WRITE), some write a temporary file and rename it over the
// original (IN_MOVED_TO), some delete and create it (IN_CREATE); all three count. One save often
// produces several events, so a check starts only after 50 ms without a new one. Where inotify
// is unavailable (some network and container file systems), the files' modification times are
// polled instead. Keys are read one at a time, without Enter: the terminal is switched out of
// canonical mode and restored on every way out, including Ctrl-C.
#include <fmt/core.h>
#include <poll.h>
#include <sys/inotify.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <optional>

#include "check.h"
#include "commands.h"
#include "hints.h"
#include "process.h"
#include "session.h"

namespace kit {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto kDebounce = std::chrono::milliseconds(50);
constexpr auto kPollingInterval = std::chrono::milliseconds(300);

// The terminal's settings before watch changed them. A signal handler may only touch
// lock-free atomics and plain data set up before it was installed: this is set once, before.
termios saved_terminal{};
volatile std::sig_atomic_t terminal_changed = 0;

void RestoreTerminal() {
  if (terminal_changed != 0) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
}

extern "C" void RestoreTerminalAndDie(int signal) {
  RestoreTerminal();
  EndRunningProcessGroups();  // as main's handler, which this one replaces, does
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// Single keys without Enter and without echo, for as long as the object lives.
class SingleKeyInput {
 public:
  SingleKeyInput() {
    if (::isatty(STDIN_FILENO) == 0 || ::tcgetattr(STDIN_FILENO, &saved_terminal) != 0) return;
    termios raw = saved_terminal;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
      std::signal(signal, RestoreTerminalAndDie);
    }
    if (::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) terminal_changed = 1;
  }
  ~SingleKeyInput() { RestoreTerminal(); }
  SingleKeyInput(const SingleKeyInput&) = delete;
  SingleKeyInput& operator=(const SingleKeyInput&) = delete;
};

// What changed on disk, from inotify or, failing that, from the files' modification times.
class ChapterWatcher {
 public:
  ChapterWatcher(const fs::path& folder, std::vector<fs::path> files)
      : files_(std::move(files)), fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ >= 0 &&
        ::inotify_add_watch(fd_, folder.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
      ::close(fd_);
      fd_ = -1;
    }
    stamps_ = Stamps();
  }
  ~ChapterWatcher() {
    if (fd_ >= 0) ::close(fd_);
  }
  ChapterWatcher(const ChapterWatcher&) = delete;
  ChapterWatcher& operator=(const ChapterWatcher&) = delete;

  bool UsesInotify() const { return fd_ >= 0; }
  int Descriptor() const { return fd_; }  // -1 when polling

  // Consumes pending events; true if one of them is about a learner file.
  bool LearnerFileChanged() {
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

 private:
  bool IsLearnerFile(std::string_view name) const {
    return std::ranges::any_of(files_,
                               [&](const fs::path& file) { return file.filename() == name; });
  }

  std::vector<fs::file_time_type> Stamps() const {
    std::vector<fs::file_time_type> stamps;
    for (const auto& file : files_) {
      std::error_code missing;
      stamps.push_back(fs::last_write_time(file, missing));
    }
    return stamps;
  }

  std::vector<fs::path> files_;
  int fd_ = -1;
  std::vector<fs::file_time_type> stamps_;
};

// Waits for a file change or a key. Returns the key, or nullopt after a (debounced) change.
std::optional<char> WaitForChangeOrKey(ChapterWatcher& watcher, bool& keys_open) {
  std::optional<Clock::time_point> quiet_until;
  for (;;) {
    std::array<pollfd, 2> watched{
        {{.fd = keys_open ? STDIN_FILENO : -1, .events = POLLIN, .revents = 0},
         {.fd = watcher.Descriptor(), .events = POLLIN, .revents = 0}}};
    auto wait = watcher.UsesInotify() ? std::chrono::milliseconds(-1) : kPollingInterval;
    if (quiet_until) {
      wait = std::chrono::ceil<std::chrono::milliseconds>(
          std::max(*quiet_until - Clock::now(), Clock::duration::zero()));
    }
    const int ready = ::poll(watched.data(), watched.size(), static_cast<int>(wait.count()));
    if (ready < 0) continue;  // EINTR
    if ((watched[0].revents & (POLLIN | POLLHUP)) != 0) {
      char key = 0;
      if (::read(STDIN_FILENO, &key, 1) == 1) return key;
      keys_open = false;  // stdin closed: keep watching files until a signal ends us
    }
    const bool file_event = (watched[1].revents & POLLIN) != 0 || !watcher.UsesInotify();
    if (file_event && watcher.LearnerFileChanged()) {
      quiet_until = Clock::now() + kDebounce;
      continue;
    }
    if (quiet_until && Clock::now() >= *quiet_until) return std::nullopt;
  }
}

void ClearScreen() {
  if (::isatty(STDOUT_FILENO) != 0) fmt::print("\x1b[2J\x1b[H");
}

}  // namespace

int RunWatch(const GlobalOptions& global, const CheckOptions& options) {
  auto session = Session::Open(global);
  if (!session) return Fail(session.error());
  const auto resolved = session->Resolve(options.chapter);
  if (!resolved) return Fail(resolved.error());
  const Chapter& chapter = **resolved;

  ChapterWatcher watcher(session->Kit().ExerciseDir(chapter), session->Kit().LearnerFiles(chapter));
  const SingleKeyInput keys;
  bool keys_open = true;
  int runs = 0;
  const auto check = [&] {
    ClearScreen();
    fmt::print("{}\n", session->Print().Bold(fmt::format("chapter {}: {} (run {})", chapter.number,
                                                         chapter.title, ++runs)));
    CheckChapter(*session, chapter, options.sanitizer, options.full_output);
    fmt::print("\n{}\n", session->Print().Dim(
                             fmt::format("watching {} ({}) · r re-runs · h hint · q quits",
                                         session->Shown(session->Kit().ExerciseDir(chapter)),
                                         watcher.UsesInotify() ? "file events" : "polling")));
    std::fflush(stdout);
  };

  check();
  for (;;) {
    const auto key = WaitForChangeOrKey(watcher, keys_open);
    if (!key || *key == 'r') {
      check();
    } else if (*key == 'h') {
      // Here, under the verdict: the learner is watching this screen, not typing commands.
      session->ReloadProgress();
      fmt::print("\n{}", NextHint(*session, chapter, "Press h again"));
      std::fflush(stdout);
    } else if (*key == 'q') {
      return 0;
    }
  }
}

}  // namespace kit
