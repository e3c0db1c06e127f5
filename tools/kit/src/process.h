// Starting a program and talking to it: the one place the kit calls posix_spawn, pipes and poll.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kit {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH when it has no slash
  std::vector<std::pair<std::string, std::string>> environment;  // added to (or replacing) ours
  std::filesystem::path working_directory;                       // empty: ours
  bool pipe_stdin = false;  // false: the child reads /dev/null, never the learner's terminal
};

// kOwn: the child leads a process group of its own, and everything it starts (a learner's code
// that forks) belongs to it, so the kit can tell whether anything was left running, and end it
// all. Only for programs the learner's code runs in: the terminal's Ctrl-C no longer reaches
// them directly (the kit's handler passes it on, see EndRunningProcessGroups).
enum class ProcessGroup { kShared, kOwn };

// How a finished program ended.
struct ExitStatus {
  int exit_code = -1;  // when it returned from main or called exit()
  int signal = 0;      // when a signal killed it
  bool Succeeded() const { return signal == 0 && exit_code == 0; }
};

// A running child whose stdout and stderr arrive, interleaved as the terminal would show them,
// through one pipe. The destructor kills and reaps a child that is still running, so no process
// outlives the object that started it.
class ChildProcess {
 public:
  static std::expected<ChildProcess, std::string> Start(const ProcessSpec& spec,
                                                        ProcessGroup group = ProcessGroup::kShared);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // Waits until the child prints something, closes its output, or `deadline` passes. Returns
  // what arrived (possibly nothing, at the deadline), or nullopt once the output is closed.
  std::optional<std::string> ReadUntil(std::chrono::steady_clock::time_point deadline);

  // Sends text to the child's stdin (only with ProcessSpec::pipe_stdin).
  bool Write(std::string_view text);

  // Kills the child, and with ProcessGroup::kOwn everything left in its group.
  void Kill();
  ExitStatus Wait();
  // Whether the child has ended (it is then reaped: Wait() returns at once).
  bool HasExited();
  // With ProcessGroup::kOwn: how many processes of the child's group still run, the child
  // itself included until it is reaped.
  int ProcessesLeftInGroup() const;

 private:
  ChildProcess(pid_t pid, int output_fd, int input_fd, pid_t group)
      : pid_(pid), output_fd_(output_fd), input_fd_(input_fd), group_(group) {}

  pid_t pid_ = -1;
  int output_fd_ = -1;
  int input_fd_ = -1;
  pid_t group_ = -1;  // the process group's id, with ProcessGroup::kOwn
  std::optional<ExitStatus> exited_;
};

struct ProcessResult {
  std::string output;  // stdout and stderr, interleaved
  ExitStatus status;
  bool stopped_for_silence = false;  // killed because it printed nothing for too long
  int processes_left_behind = 0;     // ProcessGroup::kOwn: still running when the child ended
};

// Runs a program to the end and collects what it printed. With a `silence_limit`, a program that
// prints nothing for that long is killed: the last line of defence against a hang.
// With ProcessGroup::kOwn, the run ends when the child does, even if a process it started still
// holds its output open; whatever is left of its group is counted and killed.
std::expected<ProcessResult, std::string> RunProcess(
    const ProcessSpec& spec, std::optional<std::chrono::milliseconds> silence_limit = std::nullopt,
    ProcessGroup group = ProcessGroup::kShared);

// Kills the process groups of the ProcessGroup::kOwn children running now, if any. Safe to call
// from a signal handler: kit_cli's handlers for Ctrl-C and the like call it before they die,
// since the terminal's signal reaches the kit but no longer the groups.
void EndRunningProcessGroups() noexcept;

// The short name of a signal, as a learner would search for it: "SIGSEGV".
std::string SignalName(int signal);

}  // namespace kit
