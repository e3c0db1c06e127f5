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
  static std::expected<ChildProcess, std::string> Start(const ProcessSpec& spec);

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

  void Kill();
  ExitStatus Wait();

 private:
  ChildProcess(pid_t pid, int output_fd, int input_fd)
      : pid_(pid), output_fd_(output_fd), input_fd_(input_fd) {}

  pid_t pid_ = -1;
  int output_fd_ = -1;
  int input_fd_ = -1;
};

struct ProcessResult {
  std::string output;  // stdout and stderr, interleaved
  ExitStatus status;
  bool stopped_for_silence = false;  // killed because it printed nothing for too long
};

// Runs a program to the end and collects what it printed. With a `silence_limit`, a program that
// prints nothing for that long is killed: the last line of defence against a hang.
std::expected<ProcessResult, std::string> RunProcess(
    const ProcessSpec& spec, std::optional<std::chrono::milliseconds> silence_limit = std::nullopt);

// The short name of a signal, as a learner would search for it: "SIGSEGV".
std::string SignalName(int signal);

}  // namespace kit
