#include "cancelkit_testing/redis_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

extern char** environ;

namespace cancelkit_testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Generous: a loaded 2-core machine running sanitizer builds starts Redis in well under 1 s.
constexpr milliseconds kStartLimit{10'000};
constexpr milliseconds kStopLimit{5'000};
constexpr std::string_view kNotInstalled =
    "redis-server is not installed: sudo apt-get install redis-server (./kit installs it)";

// Closes a descriptor when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) noexcept : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() { Reset(); }
  int Get() const noexcept { return fd_; }
  void Reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

[[noreturn]] void ThrowErrno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

bool IsExecutable(const std::filesystem::path& file) {
  return ::access(file.c_str(), X_OK) == 0 && !std::filesystem::is_directory(file);
}

// Where `executable` would run from: PATH as a shell searches it, then /usr/bin (a root shell
// started without a login may have a PATH that lacks it).
std::optional<std::filesystem::path> FindExecutable(const std::string& executable) {
  if (executable.find('/') != std::string::npos) {
    if (IsExecutable(executable)) return executable;
    return std::nullopt;
  }
  std::vector<std::filesystem::path> directories;
  if (const char* path = std::getenv("PATH")) {
    std::string_view rest = path;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      directories.emplace_back(rest.substr(0, colon));
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  directories.emplace_back("/usr/bin");
  for (const auto& directory : directories) {
    if (!directory.empty() && IsExecutable(directory / executable)) return directory / executable;
  }
  return std::nullopt;
}

std::filesystem::path MakeTemporaryDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "cancelkit-redis-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) ThrowErrno("mkdtemp " + pattern);
  return pattern;
}

// Reads what the server prints until it says it accepts connections. Throws, with the output,
// if it exits first (end of file) or takes longer than kStartLimit.
void WaitUntilListening(int output, std::string& printed) {
  const auto give_up = Clock::now() + kStartLimit;
  while (printed.find("accept connections") == std::string::npos) {
    const auto left = std::chrono::ceil<milliseconds>(give_up - Clock::now());
    pollfd readable{.fd = output, .events = POLLIN, .revents = 0};
    const int ready = left.count() > 0 ? ::poll(&readable, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) ThrowErrno("poll");
    if (ready == 0) throw std::runtime_error("redis-server did not start in time:\n" + printed);
    char buffer[4096];
    const ssize_t count = ::read(output, buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) throw std::runtime_error("redis-server exited at start:\n" + printed);
    printed.append(buffer, static_cast<std::size_t>(count));
  }
}

// Sends one inline command (words separated by spaces) on a connection of its own and returns
// its reply's payload: the text of a status (+PONG) or of a bulk string ($<length> then bytes).
std::string Ask(const std::string& socket_path, std::string_view command) {
  const Descriptor socket(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (socket.Get() < 0) ThrowErrno("socket");
  const auto limit = std::chrono::duration_cast<std::chrono::seconds>(kStartLimit);
  const timeval timeout{.tv_sec = static_cast<time_t>(limit.count()), .tv_usec = 0};
  ::setsockopt(socket.Get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket.Get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  if (::connect(socket.Get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ThrowErrno("connect to redis-server at " + socket_path);
  }
  const std::string request = std::string(command) + "\r\n";
  if (::send(socket.Get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    ThrowErrno("send to redis-server");
  }
  // The whole reply: its first line, and for a bulk string that many bytes and a CRLF more.
  std::string reply;
  const auto complete = [&] {
    const auto line_end = reply.find("\r\n");
    if (line_end == std::string::npos) return false;
    if (reply[0] != '$') return true;
    const auto length = std::stoll(reply.substr(1, line_end - 1));
    return length < 0 || reply.size() >= line_end + 2 + static_cast<std::size_t>(length) + 2;
  };
  char buffer[4096];
  while (!complete()) {
    const ssize_t count = ::recv(socket.Get(), buffer, sizeof buffer, 0);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) throw std::runtime_error("redis-server did not answer " + std::string(command));
    reply.append(buffer, static_cast<std::size_t>(count));
  }
  const auto line_end = reply.find("\r\n");
  if (reply[0] == '+') return reply.substr(1, line_end - 1);
  if (reply[0] == '$') return reply.substr(line_end + 2, reply.size() - line_end - 4);
  throw std::runtime_error("redis-server answered " + std::string(command) + " with " + reply);
}

// Starts command[0] with its arguments, its standard output and error into `output`.
pid_t Spawn(const std::vector<std::string>& command, int output) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, output, STDERR_FILENO);
  // Nothing else of ours: a client socket the server inherited would stay open after our close,
  // and the server would never see that client leave.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  std::vector<char*> argv;
  for (const auto& word : command) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0)
    throw std::system_error(error, std::generic_category(), "posix_spawn " + command[0]);
  return pid;
}

// How to run redis-server so that it cannot outlive us. A test program that ends without running
// destructors (a crash, kill -9, the hang watchdog's _Exit) would leave its server running for
// good. setpriv (util-linux, on every Debian) asks the kernel to SIGKILL the server when the
// thread that started it ends, then becomes redis-server, with the same pid.
std::vector<std::string> ServerCommand(const std::filesystem::path& redis_server) {
  std::vector<std::string> command;
  if (const auto setpriv = FindExecutable("setpriv")) {
    command = {setpriv->string(), "--pdeathsig", "KILL", "--"};
  }
  command.push_back(redis_server.string());
  return command;
}

// Waits up to `limit` for the child to exit; true if it has (and has been reaped).
bool WaitForExit(pid_t pid, milliseconds limit) {
  const Descriptor exited(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (exited.Get() >= 0) {
    pollfd readable{.fd = exited.Get(), .events = POLLIN, .revents = 0};
    int ready = 0;
    while ((ready = ::poll(&readable, 1, static_cast<int>(limit.count()))) < 0 && errno == EINTR) {
    }
    if (ready <= 0) return false;
  }
  // Without pidfd (Linux before 5.3) this blocks until it exits: SIGTERM is enough for Redis.
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  return true;
}

}  // namespace

RedisServer::RedisServer(const std::string& executable) {
  const auto program = FindExecutable(executable);
  if (!program) throw std::runtime_error(std::string(kNotInstalled));

  directory_ = MakeTemporaryDirectory();
  socket_path_ = (directory_ / "redis.sock").string();
  try {
    if (socket_path_.size() >= sizeof(sockaddr_un::sun_path)) {
      throw std::runtime_error("socket path too long for a Unix socket: " + socket_path_ +
                               " (set TMPDIR to a shorter directory)");
    }
    int pipe_ends[2];
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0) ThrowErrno("pipe2");
    Descriptor output(pipe_ends[0]);
    Descriptor input(pipe_ends[1]);
    auto command = ServerCommand(*program);
    command.insert(command.end(),
                   {"--port", "0", "--unixsocket", socket_path_, "--unixsocketperm", "700",
                    "--save", "", "--appendonly", "no", "--dir", directory_.string(), "--daemonize",
                    "no", "--logfile", "", "--enable-debug-command", "local",
                    // Redis acts on SIGTERM in its timer, run `hz` times a second: 10 by
                    // default, which cost every test 100 ms to stop its server.
                    "--hz", "100"});
    pid_ = Spawn(command, input.Get());
    input.Reset();  // so that the server's exit is an end of file on `output`
    std::string printed;
    WaitUntilListening(output.Get(), printed);
    // From here on nobody reads the output: Redis ignores SIGPIPE and drops what it can't write.
    output.Reset();
    if (const auto pong = Ask(socket_path_, "PING"); pong != "PONG") {
      throw std::runtime_error("redis-server answered PING with " + pong);
    }
  } catch (...) {
    Stop();
    throw;
  }
}

RedisServer::~RedisServer() {
  Stop();
}

std::string RedisServer::Info(const std::string& section) const {
  return Ask(socket_path_, "INFO " + section);
}

std::optional<long long> RedisServer::InfoNumber(const std::string& section,
                                                 const std::string& field) const {
  const std::string info = Info(section);
  const std::string key = "\n" + field + ":";
  const auto at = ("\n" + info).find(key);  // a field at the very start has no newline before it
  if (at == std::string::npos) return std::nullopt;
  return std::stoll(info.substr(at + key.size() - 1));
}

bool RedisServer::WaitForInfo(const std::string& section, const std::string& field, long long value,
                              milliseconds limit) const {
  const auto give_up = Clock::now() + limit;
  while (InfoNumber(section, field) != value) {
    if (Clock::now() >= give_up) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

void RedisServer::Stop() noexcept {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    if (!WaitForExit(pid_, kStopLimit)) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    pid_ = -1;
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

}  // namespace cancelkit_testing
