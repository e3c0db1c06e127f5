// ch04_demo_transcript: runs the chapter-4 demo (ch04_serve) as the lesson describes it and prints
// its log, so that the log pasted in the lesson can be checked against the real one.
//
// It starts the demo on a free port and plays, one after the other, a client that waits for its
// answer, one that hangs up after a second (curl --max-time 1), one that asks for a 1 s deadline,
// and a Ctrl-C (SIGINT) while a last client waits. Then it prints every line the demo wrote.
// It exits with 1 (and says why on stderr) unless each request ended as the lesson says.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "httptest/raw_client.h"

namespace {

using namespace std::chrono_literals;

// The demo's standard output, read line by line on a thread of its own.
class DemoLog {
 public:
  explicit DemoLog(int fd) : reader_([this, fd] { ReadAll(fd); }) {}

  // Waits up to `limit` for a line containing `text` (after the lines already matched), and
  // returns it.
  std::optional<std::string> WaitFor(const std::string& text, std::chrono::seconds limit = 15s) {
    std::unique_lock lock(mutex_);
    std::optional<std::string> found;
    changed_.wait_for(lock, limit, [&] {
      for (; next_ < lines_.size(); ++next_) {
        if (lines_[next_].find(text) != std::string::npos) {
          found = lines_[next_++];
          return true;
        }
      }
      return ended_;
    });
    return found;
  }

  // Every line, once the demo has closed its output.
  std::vector<std::string> AllLines() {
    reader_.join();
    const std::scoped_lock lock(mutex_);
    return lines_;
  }

 private:
  void ReadAll(int fd) {
    std::string pending;
    char buffer[512];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
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
    ::close(fd);
    {
      const std::scoped_lock lock(mutex_);
      ended_ = true;
    }
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
  std::size_t next_ = 0;
  bool ended_ = false;
  std::thread reader_;  // last: it uses everything above
};

int Fail(const std::string& why) {
  std::fprintf(stderr, "ch04_demo_transcript: %s\n", why.c_str());
  return 1;
}

// Plays the lesson's clients against the demo listening on `port`. Empty if all went as told.
std::optional<std::string> PlayTheClients(pid_t demo, int port, DemoLog& log) {
  {  // curl http://127.0.0.1:8080/
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest()) return "cannot reach the demo";
    const auto response = client->ReadResponse(15s);
    if (!response || response->body != "hello, world\n") return "the waiting client got no answer";
    if (!log.WaitFor("GET /: answered after")) return "no log line for the answered request";
  }
  {  // curl --max-time 1 http://127.0.0.1:8080/
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest()) return "cannot reach the demo";
    std::this_thread::sleep_for(1s);  // the client's patience, as curl --max-time 1
    client->Close();
    if (!log.WaitFor("GET /: client gone after")) return "no log line for the client that left";
  }
  {  // curl http://127.0.0.1:8080/?timeout_ms=1000
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest("GET", "/?timeout_ms=1000")) return "cannot reach the demo";
    const auto response = client->ReadResponse(15s);
    if (!response || response->status != 504) return "the request with a deadline got no 504";
    if (!log.WaitFor("GET /?timeout_ms=1000: deadline exceeded after")) {
      return "no log line for the request that ran out of time";
    }
  }
  {  // curl http://127.0.0.1:8080/ and, while it waits, Ctrl-C
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest()) return "cannot reach the demo";
    std::this_thread::sleep_for(1s);  // the person at the keyboard, a second later
    ::kill(demo, SIGINT);
    if (!log.WaitFor("GET /: server shutting down after")) {
      return "no log line for the request cancelled by the shutdown";
    }
    if (!log.WaitFor("stopped")) return "the demo did not say it stopped";
  }
  return std::nullopt;
}

}  // namespace

int main() {
  int output[2];
  if (::pipe(output) != 0) return Fail("cannot make a pipe");
  const pid_t demo = ::fork();
  if (demo < 0) return Fail("cannot fork");
  if (demo == 0) {
    ::dup2(output[1], STDOUT_FILENO);
    ::close(output[0]);
    ::close(output[1]);
    ::execl(CH04_SERVE_PATH, CH04_SERVE_PATH, "0", static_cast<char*>(nullptr));
    std::perror("ch04_demo_transcript: cannot run " CH04_SERVE_PATH);
    ::_exit(127);
  }
  ::close(output[1]);
  DemoLog log(output[0]);

  std::optional<std::string> failure;
  int port = 0;
  if (const auto serving = log.WaitFor("serving on http://127.0.0.1:")) {
    port = std::stoi(serving->substr(serving->rfind(':') + 1));
    failure = PlayTheClients(demo, port, log);
  } else {
    failure = "the demo did not start";
  }
  if (failure) ::kill(demo, SIGKILL);  // never leave it running
  int status = 0;
  ::waitpid(demo, &status, 0);

  for (const std::string& line : log.AllLines()) std::printf("%s\n", line.c_str());
  if (failure) return Fail(*failure);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Fail("the demo did not exit cleanly");
  return 0;
}
