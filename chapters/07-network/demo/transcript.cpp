// ch07_demo_transcript: runs the chapter-7 demo as the lesson describes it and prints its log,
// so that the log pasted in the lesson can be checked against the real one. The demo it runs
// is built from the chapter's solution: the lesson shows what the finished chapter does.
//
// It plays, one after the other: a client that waits for a profile, the same request again
// (from Redis this time), a client that hangs up after a second, one that gives the front server
// a 1 s budget, and a Ctrl-C (SIGINT) while a last client waits. Then it prints every line the
// demo wrote, and exits with 1 (saying why on stderr) unless each request ended as the lesson says.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "cancelkit_testing/demo_program.h"
#include "httptest/raw_client.h"

namespace {

using namespace std::chrono_literals;
using cancelkit_testing::DemoProgram;

int Fail(const std::string& why) {
  std::fprintf(stderr, "ch07_demo_transcript: %s\n", why.c_str());
  return 1;
}

// Sends GET `target`, with `extra_header` lines, on a new connection.
std::optional<httptest::RawClient> Send(int port, std::string_view target,
                                        std::string_view extra_header = "") {
  auto client = httptest::RawClient::Connect(port);
  if (!client) return std::nullopt;
  const std::string request = "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                              std::string(extra_header) + "\r\n";
  if (!client->Send(request)) return std::nullopt;
  return std::move(*client);
}

// Plays the lesson's clients against the demo listening on `port`. Empty if all went as told.
std::optional<std::string> PlayTheClients(DemoProgram& demo, int port) {
  for (const char* from : {"the profile service", "Redis"}) {  // curl .../profiles/ada, twice
    auto client = Send(port, "/profiles/ada");
    if (!client) return "cannot reach the demo";
    const auto response = client->ReadResponse(15s);
    if (!response || response->body != "profile of ada\n") {
      return std::string("no profile from ") + from;
    }
    if (!demo.WaitFor("GET /profiles/ada: answered")) return "no log line for the answer";
  }
  {  // curl --max-time 1 .../profiles/bob
    auto client = Send(port, "/profiles/bob");
    if (!client) return "cannot reach the demo";
    std::this_thread::sleep_for(1s);  // the client's patience, as curl --max-time 1
    client->Close();
    if (!demo.WaitFor("GET /profiles/bob: stopped, client gone")) {
      return "the profile service did not stop for the client that left";
    }
  }
  {  // curl -H 'Request-Timeout-Ms: 1000' .../profiles/joe
    auto client = Send(port, "/profiles/joe", "Request-Timeout-Ms: 1000\r\n");
    if (!client) return "cannot reach the demo";
    const auto response = client->ReadResponse(15s);
    if (!response || response->status != 504) return "the request with a budget got no 504";
    if (!demo.WaitFor("GET /profiles/joe: deadline exceeded")) {
      return "no log line for the request that ran out of time";
    }
  }
  {  // curl .../profiles/eve and, while it waits, Ctrl-C
    auto client = Send(port, "/profiles/eve");
    if (!client) return "cannot reach the demo";
    std::this_thread::sleep_for(1s);  // the person at the keyboard, a second later
    demo.Signal(SIGINT);
    const auto response = client->ReadResponse(15s);
    if (!response || response->status != 503 || !response->header.contains("Retry-After")) {
      return "the client of a server shutting down was not told to try again";
    }
    if (!demo.WaitFor("stopped")) return "the demo did not say it stopped";
  }
  return std::nullopt;
}

}  // namespace

int main() {
  auto demo = DemoProgram::Start(CH07_SERVE_PATH, {"0"});
  if (!demo) return Fail("cannot run " CH07_SERVE_PATH ": " + demo.error().message());

  std::optional<std::string> failure;
  if (const auto serving = (*demo)->WaitFor("serving on http://127.0.0.1:")) {
    const auto colon = serving->rfind(':');
    const int port = std::stoi(serving->substr(colon + 1));
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
