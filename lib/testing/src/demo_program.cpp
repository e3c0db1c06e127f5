#include "cancelkit_testing/demo_program.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace cancelkit_testing {

std::expected<std::unique_ptr<DemoProgram>, std::error_code> DemoProgram::Start(
    const std::string& path, const std::vector<std::string>& arguments) {
  int output[2];
  if (::pipe2(output, O_CLOEXEC) != 0)
    return std::unexpected(std::error_code(errno, std::system_category()));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO);  // dup2 clears CLOEXEC
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(output[1]);
  if (spawned != 0) {
    ::close(output[0]);
    return std::unexpected(std::error_code(spawned, std::system_category()));
  }
  return std::unique_ptr<DemoProgram>(new DemoProgram(pid, output[0]));
}

DemoProgram::DemoProgram(pid_t pid, int output)
    : pid_(pid), reader_([this, output] { ReadAll(output); }) {}

DemoProgram::~DemoProgram() {
  Finish(/*kill=*/true);
}

void DemoProgram::ReadAll(int output) {
  std::string pending;
  char buffer[512];
  for (ssize_t n; (n = ::read(output, buffer, sizeof buffer)) > 0;) {
    pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
      {
        const std::scoped_lock lock(mutex_);
        lines_.push_back(pending.substr(0, end));
      }
      changed_.notify_all();
      pending.erase(0, end + 1);
    }
  }
  ::close(output);
  {
    const std::scoped_lock lock(mutex_);
    output_closed_ = true;
  }
  changed_.notify_all();
}

std::optional<std::string> DemoProgram::WaitFor(const std::string& text,
                                                std::chrono::seconds limit) {
  std::unique_lock lock(mutex_);
  std::optional<std::string> found;
  changed_.wait_for(lock, limit, [&] {
    for (; next_ < lines_.size(); ++next_) {
      if (lines_[next_].find(text) != std::string::npos) {
        found = lines_[next_++];
        return true;
      }
    }
    return output_closed_;
  });
  return found;
}

void DemoProgram::Signal(int signal) {
  if (!reaped_) ::kill(pid_, signal);
}

int DemoProgram::Reap() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  return status;
}

DemoProgram::Ended DemoProgram::Finish(bool kill) {
  Ended ended;
  if (!reaped_) {
    if (kill) ::kill(pid_, SIGKILL);
    const int status = Reap();
    ended.exited_cleanly = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  if (reader_.joinable()) reader_.join();  // the output ends when the program does
  const std::scoped_lock lock(mutex_);
  ended.lines = lines_;
  return ended;
}

}  // namespace cancelkit_testing
