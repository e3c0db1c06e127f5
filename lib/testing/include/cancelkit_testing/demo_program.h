// DemoProgram: runs a chapter's demo as a child process and reads what it prints, line by line.
// A chapter's transcript program plays the lesson's clients against the demo with it, then
// prints the demo's log, which the lesson check compares with the log pasted in the lesson.
//
//   auto demo = cancelkit_testing::DemoProgram::Start(CH04_SERVE_PATH, {"0"});
//   if (const auto line = demo->WaitFor("serving on http://127.0.0.1:")) ...
//   demo->Signal(SIGINT);
//   const auto [exited_cleanly, lines] = demo->Finish();
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace cancelkit_testing {

class DemoProgram {
 public:
  // Starts `path` with `arguments`, its standard output piped to this object (its standard error
  // is left alone, so that its complaints reach the terminal).
  static std::expected<std::unique_ptr<DemoProgram>, std::error_code> Start(
      const std::string& path, const std::vector<std::string>& arguments);

  // Kills the program if it still runs, and waits for it: never left behind.
  ~DemoProgram();
  DemoProgram(const DemoProgram&) = delete;
  DemoProgram& operator=(const DemoProgram&) = delete;

  // Waits up to `limit` for a line containing `text`, after the lines already matched, and
  // returns it; nullopt if none came (or the program closed its output first).
  std::optional<std::string> WaitFor(const std::string& text,
                                     std::chrono::seconds limit = std::chrono::seconds(15));

  // Sends `signal` (SIGINT: the person at the keyboard pressing Ctrl-C).
  void Signal(int signal);

  struct Ended {
    bool exited_cleanly = false;     // exit status 0
    std::vector<std::string> lines;  // everything it printed
  };
  // Waits for the program to end by itself, then returns how, and every line it printed. With
  // `kill`, ends it first (a transcript whose clients failed must not leave it running).
  Ended Finish(bool kill = false);

 private:
  DemoProgram(pid_t pid, int output);
  void ReadAll(int output);
  int Reap();

  pid_t pid_;
  bool reaped_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
  std::size_t next_ = 0;
  bool output_closed_ = false;
  std::thread reader_;  // last: it uses everything above
};

}  // namespace cancelkit_testing
