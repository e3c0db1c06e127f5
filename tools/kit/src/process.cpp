#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

extern char** environ;

namespace kit {

namespace {

// Our environment with the spec's variables added or replaced, as execve wants it.
std::vector<std::string> ChildEnvironment(const ProcessSpec& spec) {
  std::vector<std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    const auto name = variable.substr(0, variable.find('='));
    const bool replaced = std::ranges::any_of(
        spec.environment, [&](const auto& setting) { return setting.first == name; });
    if (!replaced) variables.emplace_back(variable);
  }
  for (const auto& [name, value] : spec.environment) variables.push_back(name + "=" + value);
  return variables;
}

std::vector<char*> NullTerminated(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

void CloseIfOpen(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::string ErrorText(std::string_view what, int error) {
  return std::string(what) + ": " + std::strerror(error);
}

}  // namespace

std::expected<ChildProcess, std::string> ChildProcess::Start(const ProcessSpec& spec) {
  if (spec.argv.empty()) return std::unexpected("no program to run");
  // O_CLOEXEC: only the ends dup2'ed onto 0, 1 and 2 reach the child, never the originals.
  std::array<int, 2> output{-1, -1};
  std::array<int, 2> input{-1, -1};
  if (::pipe2(output.data(), O_CLOEXEC) != 0) return std::unexpected(ErrorText("pipe", errno));
  if (spec.pipe_stdin && ::pipe2(input.data(), O_CLOEXEC) != 0) {
    CloseIfOpen(output[0]);
    CloseIfOpen(output[1]);
    return std::unexpected(ErrorText("pipe", errno));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (spec.pipe_stdin) {
    posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, output[1], STDERR_FILENO);
  if (!spec.working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, spec.working_directory.c_str());
  }

  std::vector<std::string> arguments = spec.argv;
  std::vector<std::string> environment = ChildEnvironment(spec);
  const auto argv = NullTerminated(arguments);
  const auto envp = NullTerminated(environment);
  pid_t pid = -1;
  const int error = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);

  CloseIfOpen(output[1]);  // the child's ends: ours would keep the pipes open forever
  CloseIfOpen(input[0]);
  if (error != 0) {
    CloseIfOpen(output[0]);
    CloseIfOpen(input[1]);
    return std::unexpected(ErrorText("cannot run " + spec.argv.front(), error));
  }
  return ChildProcess(pid, output[0], input[1]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      output_fd_(std::exchange(other.output_fd_, -1)),
      input_fd_(std::exchange(other.input_fd_, -1)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    Kill();
    Wait();
  }
  CloseIfOpen(output_fd_);
  CloseIfOpen(input_fd_);
}

std::optional<std::string> ChildProcess::ReadUntil(std::chrono::steady_clock::time_point deadline) {
  if (output_fd_ < 0) return std::nullopt;
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd watched{.fd = output_fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&watched, 1, static_cast<int>(std::max<long long>(left.count(), 0)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::string();  // the deadline passed in silence
    std::array<char, 4096> buffer;
    const ssize_t count = ::read(output_fd_, buffer.data(), buffer.size());
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      CloseIfOpen(output_fd_);
      return std::nullopt;
    }
    return std::string(buffer.data(), static_cast<std::size_t>(count));
  }
}

bool ChildProcess::Write(std::string_view text) {
  while (!text.empty() && input_fd_ >= 0) {
    const ssize_t count = ::write(input_fd_, text.data(), text.size());
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(count));
  }
  return text.empty();
}

void ChildProcess::Kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
}

ExitStatus ChildProcess::Wait() {
  ExitStatus status;
  if (pid_ <= 0) return status;
  int raw = 0;
  while (::waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  CloseIfOpen(input_fd_);
  if (WIFEXITED(raw)) status.exit_code = WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) status.signal = WTERMSIG(raw);
  return status;
}

std::expected<ProcessResult, std::string> RunProcess(
    const ProcessSpec& spec, std::optional<std::chrono::milliseconds> silence_limit) {
  auto child = ChildProcess::Start(spec);
  if (!child) return std::unexpected(child.error());
  ProcessResult result;
  constexpr auto kForever = std::chrono::hours(24 * 365);
  for (;;) {
    const auto deadline = std::chrono::steady_clock::now() + silence_limit.value_or(kForever);
    auto text = child->ReadUntil(deadline);
    if (!text) break;
    if (text->empty()) {
      result.stopped_for_silence = true;
      child->Kill();
      break;
    }
    result.output += *text;
  }
  result.status = child->Wait();
  return result;
}

std::string SignalName(int signal) {
  if (const char* abbreviation = ::sigabbrev_np(signal)) return std::string("SIG") + abbreviation;
  return "signal " + std::to_string(signal);
}

}  // namespace kit
