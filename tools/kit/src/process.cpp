#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "i18n.h"
#include "text.h"

extern char** environ;

namespace kit {

namespace {

// Our environment with the spec's variables added or replaced, as execve wants it. LANGUAGE is
// the learner's as the kit inherited it, not the one the kit set for its own messages (i18n.h):
// compiler and test output stay as they would be without the kit.
std::vector<std::string> ChildEnvironment(const ProcessSpec& spec) {
  std::vector<std::string> variables;
  const auto inherited_language = LanguageForChildren();
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    const auto name = variable.substr(0, variable.find('='));
    const bool replaced = (inherited_language && name == "LANGUAGE") ||
                          std::ranges::any_of(spec.environment, [&](const auto& setting) {
                            return setting.first == name;
                          });
    if (!replaced) variables.emplace_back(variable);
  }
  const bool spec_sets_language = std::ranges::any_of(
      spec.environment, [](const auto& setting) { return setting.first == "LANGUAGE"; });
  if (inherited_language && inherited_language->value && !spec_sets_language) {
    variables.push_back("LANGUAGE=" + *inherited_language->value);
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

// The groups of the ProcessGroup::kOwn children running now, for EndRunningProcessGroups(): a
// chapter's tests run in several programs at once (test_lanes.h). A fixed array, since a signal
// handler reads it; a child started while every slot is taken is not ended by Ctrl-C, only by
// its own end, so the slots outnumber the lanes.
std::array<std::atomic<pid_t>, 32> running_groups{};
static_assert(std::atomic<pid_t>::is_always_lock_free, "read from a signal handler");

void RememberRunningGroup(pid_t group) {
  for (auto& slot : running_groups) {
    pid_t free = 0;
    if (slot.compare_exchange_strong(free, group)) return;
  }
}

void ForgetRunningGroup(pid_t group) {
  for (auto& slot : running_groups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

// Reading /proc/<pid>/stat, "12 (name) S 1 12 ...": the state and the process group. The name
// may hold spaces and parentheses, so the fields are counted from its last ')'.
struct ProcessState {
  char state = '?';
  pid_t group = -1;
};

std::optional<ProcessState> StateOf(const std::filesystem::path& stat_file) {
  std::ifstream file(stat_file);
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  const auto name_end = line.rfind(')');
  if (name_end == std::string::npos) return std::nullopt;
  ProcessState process;
  long parent = 0;
  long group = 0;
  if (std::sscanf(line.c_str() + name_end + 1, " %c %ld %ld", &process.state, &parent, &group) !=
      3) {
    return std::nullopt;
  }
  process.group = static_cast<pid_t>(group);
  return process;
}

ExitStatus Decoded(int raw) {
  ExitStatus status;
  if (WIFEXITED(raw)) status.exit_code = WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) status.signal = WTERMSIG(raw);
  return status;
}

}  // namespace

void EndRunningProcessGroups() noexcept {
  for (const auto& slot : running_groups) {
    if (const pid_t group = slot.load(); group > 0) ::kill(-group, SIGKILL);
  }
}

std::expected<ChildProcess, std::string> ChildProcess::Start(const ProcessSpec& spec,
                                                             ProcessGroup group) {
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
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  if (group == ProcessGroup::kOwn) {
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);  // a new group, whose id is the child's pid
  }
  pid_t pid = -1;
  const int error = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);

  CloseIfOpen(output[1]);  // the child's ends: ours would keep the pipes open forever
  CloseIfOpen(input[0]);
  if (error != 0) {
    CloseIfOpen(output[0]);
    CloseIfOpen(input[1]);
    return std::unexpected(ErrorText("cannot run " + spec.argv.front(), error));
  }
  const pid_t own_group = group == ProcessGroup::kOwn ? pid : -1;
  if (own_group > 0) RememberRunningGroup(own_group);
  return ChildProcess(pid, output[0], input[1], own_group);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      output_fd_(std::exchange(other.output_fd_, -1)),
      input_fd_(std::exchange(other.input_fd_, -1)),
      group_(std::exchange(other.group_, -1)),
      exited_(std::exchange(other.exited_, std::nullopt)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 || ProcessesLeftInGroup() > 0) {
    Kill();
    Wait();
  }
  if (group_ > 0) ForgetRunningGroup(group_);
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
  if (group_ > 0) {
    ::kill(-group_, SIGKILL);  // the child and whatever it started
  } else if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
  }
}

ExitStatus ChildProcess::Wait() {
  if (pid_ > 0) {
    int raw = 0;
    while (::waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    exited_ = Decoded(raw);
  }
  CloseIfOpen(input_fd_);
  return exited_.value_or(ExitStatus{});
}

bool ChildProcess::HasExited() {
  if (pid_ <= 0) return exited_.has_value();
  int raw = 0;
  if (::waitpid(pid_, &raw, WNOHANG) != pid_) return false;
  pid_ = -1;
  exited_ = Decoded(raw);
  return true;
}

int ChildProcess::ProcessesLeftInGroup() const {
  if (group_ <= 0) return 0;
  int count = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const auto name = entry.path().filename().string();
    if (!AllDigits(name)) {
      continue;
    }
    // A zombie has ended; only its parent (or init) has yet to collect its exit status.
    const auto process = StateOf(entry.path() / "stat");
    if (process && process->group == group_ && process->state != 'Z') ++count;
  }
  return count;
}

std::expected<ProcessResult, std::string> RunProcess(
    const ProcessSpec& spec, std::optional<std::chrono::milliseconds> silence_limit,
    ProcessGroup group) {
  using Clock = std::chrono::steady_clock;
  // How often a child of its own group is asked whether it has ended: a process it started may
  // hold the output open long after it did, and the output's end would never come.
  constexpr auto kExitPolling = std::chrono::milliseconds(100);
  // After the child ended, what its leftovers print is still collected this long.
  constexpr auto kLastWords = std::chrono::milliseconds(200);
  constexpr auto kForever = std::chrono::hours(24 * 365);

  auto child = ChildProcess::Start(spec, group);
  if (!child) return std::unexpected(child.error());
  ProcessResult result;
  auto silent_since = Clock::now();
  for (;;) {
    const auto silence_ends = silent_since + silence_limit.value_or(kForever);
    const auto deadline = group == ProcessGroup::kOwn
                              ? std::min(silence_ends, Clock::now() + kExitPolling)
                              : silence_ends;
    auto text = child->ReadUntil(deadline);
    if (!text) break;
    if (!text->empty()) {
      result.output += *text;
      silent_since = Clock::now();
      continue;
    }
    if (group == ProcessGroup::kOwn && child->HasExited()) {
      const auto last_words_end = Clock::now() + kLastWords;
      while (auto more = child->ReadUntil(last_words_end)) {
        if (more->empty()) break;
        result.output += *more;
      }
      break;
    }
    if (Clock::now() >= silence_ends) {
      result.stopped_for_silence = true;
      child->Kill();
      break;
    }
  }
  result.status = child->Wait();
  result.processes_left_behind = child->ProcessesLeftInGroup();
  if (result.processes_left_behind > 0) child->Kill();
  return result;
}

std::string SignalName(int signal) {
  if (const char* abbreviation = ::sigabbrev_np(signal)) return std::string("SIG") + abbreviation;
  return "signal " + std::to_string(signal);
}

}  // namespace kit
