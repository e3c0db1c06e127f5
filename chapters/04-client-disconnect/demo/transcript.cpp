// ch04_demo_transcript: runs the chapter-4 demo (ch04_serve) as the lesson describes it and prints
// its log, so that the log pasted in the lesson can be checked against the real one.
//
// It starts the demo on a free port and plays, one after the other, a client that waits for its
// answer, one that hangs up after a second (curl --max-time 1), one that asks for a 1 s deadline,
// and a Ctrl-C (SIGINT) while a last client waits. Then it prints every line the demo wrote.
// It exits with 1 (and says why on stderr) unless each request ended as the lesson says.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include "cancelkit_testing/demo_program.h"
#include "httptest/raw_client.h"

namespace {

using namespace std::chrono_literals;
using cancelkit_testing::DemoProgram;

int Fail(const std::string& why) {
  std::fprintf(stderr, "ch04_demo_transcript: %s\n", why.c_str());
  return 1;
}

// Plays the lesson's clients against the demo listening on `port`. Empty if all went as told.
std::optional<std::string> PlayTheClients(DemoProgram& demo, int port) {
  {  // curl http://127.0.0.1:8080/
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest()) return "cannot reach the demo";
    const auto response = client->ReadResponse(15s);
    if (!response || response->body != "hello, world\n") return "the waiting client got no answer";
    if (!demo.WaitFor("GET /: answered after")) return "no log line for the answered request";
  }
  {  // curl --max-time 1 http://127.0.0.1:8080/
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest()) return "cannot reach the demo";
    std::this_thread::sleep_for(1s);  // the client's patience, as curl --max-time 1
    client->Close();
    if (!demo.WaitFor("GET /: client gone after")) return "no log line for the client that left";
  }
  {  // curl http://127.0.0.1:8080/?timeout_ms=1000
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest("GET", "/?timeout_ms=1000")) return "cannot reach the demo";
    const auto response = client->ReadResponse(15s);
    if (!response || response->status != 504) return "the request with a deadline got no 504";
    if (!demo.WaitFor("GET /?timeout_ms=1000: deadline exceeded after")) {
      return "no log line for the request that ran out of time";
    }
  }
  {  // curl http://127.0.0.1:8080/ and, while it waits, Ctrl-C
    auto client = httptest::RawClient::Connect(port);
    if (!client || !client->SendRequest()) return "cannot reach the demo";
    std::this_thread::sleep_for(1s);  // the person at the keyboard, a second later
    demo.Signal(SIGINT);
    if (!demo.WaitFor("GET /: server shutting down after")) {
      return "no log line for the request cancelled by the shutdown";
    }
    if (!demo.WaitFor("stopped")) return "the demo did not say it stopped";
  }
  return std::nullopt;
}

}  // namespace

int main() {
  auto demo = DemoProgram::Start(CH04_SERVE_PATH, {"0"});
  if (!demo) return Fail("cannot run " CH04_SERVE_PATH ": " + demo.error().message());

  std::optional<std::string> failure;
  if (const auto serving = (*demo)->WaitFor("serving on http://127.0.0.1:")) {
    const int port = std::stoi(serving->substr(serving->rfind(':') + 1));
    failure = PlayTheClients(**demo, port);
  } else {
    failure = "the demo did not start";
  }
  const auto [exited_cleanly, lines] = (*demo)->Finish(/*kill=*/failure.has_value());

  for (const std::string& line : lines) std::printf("%s\n", line.c_str());
  if (failure) return Fail(*failure);
  if (!exited_cleanly) return Fail("the demo did not exit cleanly");
  return 0;
}
