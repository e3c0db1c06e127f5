// kit watch: check the chapter again whenever one of its files is saved, and answer the keys
// r (run again), h (the next hint, under the verdict) and q (quit). What counts as a save is
// file_watcher.h's business, the keys terminal_keys.h's; this file is the loop between them.
// One save often produces several file events, so a check starts only after 50 ms without a
// new one.
#include <fmt/core.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>

#include "check.h"
#include "commands.h"
#include "file_watcher.h"
#include "hints.h"
#include "session.h"
#include "terminal_keys.h"

namespace kit {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kDebounce = std::chrono::milliseconds(50);
constexpr auto kPollingInterval = std::chrono::milliseconds(300);

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

int RunWatch(Session& session, const Chapter& chapter, const CheckOptions& options) {
  ChapterWatcher watcher(session.Kit().ExerciseDir(chapter), session.Kit().LearnerFiles(chapter));
  const SingleKeyInput keys;
  bool keys_open = true;
  int runs = 0;
  const auto check = [&] {
    ClearScreen();
    fmt::print("{}\n", session.Print().Bold(fmt::format(fmt::runtime(_("chapter {}: {} (run {})")),
                                                        chapter.number, _(chapter.title), ++runs)));
    CheckChapter(session, chapter, options.sanitizer, options.full_output);
    fmt::print("\n{}\n", session.Print().Dim(fmt::format(
                             fmt::runtime(_("watching {} ({}) · r re-runs · h hint · q quits")),
                             session.Shown(session.Kit().ExerciseDir(chapter)),
                             watcher.UsesInotify() ? _("file events") : _("polling"))));
    std::fflush(stdout);
  };

  check();
  for (;;) {
    const auto key = WaitForChangeOrKey(watcher, keys_open);
    if (!key) {
      check();
    } else if (*key == 'r') {
      session.LastGrade().reset();  // everything again, the learner's test graded too
      check();
    } else if (*key == 'h') {
      // Here, under the verdict: the learner is watching this screen, not typing commands.
      session.ReloadProgress();
      fmt::print("\n{}", NextHint(session, chapter, _("Press h again")));
      std::fflush(stdout);
    } else if (*key == 'q') {
      return 0;
    }
  }
}

}  // namespace kit
