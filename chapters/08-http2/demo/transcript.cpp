// ch08_demo_transcript: runs the chapter-8 demo as the lesson describes it and prints what it
// printed, so that what the lesson pastes can be checked against the real thing.
//
// It starts the demo built from the solution (ch08_serve_solution) on a free port, and plays:
// ch08_reset (three requests on one connection, /b reset after a second); a client that opens
// /d and /e on one connection and closes it a second later (as `nghttp -t 1` does when it gives
// up); and a Ctrl-C (SIGINT) while a last request runs. Then it prints every line ch08_reset and
// the demo wrote. It exits with 1 (and says why on stderr) unless each request ended as the
// lesson says.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cancelkit_testing/demo_program.h"
#include "httptest/http2_client.h"

namespace {

using namespace std::chrono_literals;
using cancelkit_testing::DemoProgram;

int Fail(const std::string& why) {
  std::fprintf(stderr, "ch08_demo_transcript: %s\n", why.c_str());
  return 1;
}

// Plays the lesson's clients against the demo listening on `port`; the lines ch08_reset printed
// go to `client_lines`. Empty if all went as told.
std::optional<std::string> PlayTheClients(DemoProgram& demo, int port,
                                          std::vector<std::string>& client_lines) {
  {  // ./build/dev/chapters/ch08_reset
    auto reset = DemoProgram::Start(CH08_RESET_PATH, {std::to_string(port)});
    if (!reset) return "cannot run " CH08_RESET_PATH;
    const auto [ok, lines] = (*reset)->Finish();
    client_lines = lines;
    if (!ok) return "ch08_reset did not get its two answers";
    if (!demo.WaitFor("GET /b: stream reset after")) return "no log line for the reset request";
    // /a and /c end together, in either order.
    if (!demo.WaitFor("answered after") || !demo.WaitFor("answered after")) {
      return "no log lines for the two answered requests";
    }
  }
  {  // nghttp -t 1 http://127.0.0.1:8080/d http://127.0.0.1:8080/e
    auto client = httptest::Http2Client::Connect(port);
    if (!client) return "cannot reach the demo";
    client->Send("GET", "/d");
    client->Send("GET", "/e");
    client->Pump(1s);
    client->Close();
    if (!demo.WaitFor("client gone after") || !demo.WaitFor("client gone after")) {
      return "no log lines for the two requests of the closed connection";
    }
  }
  {  // a request, and Ctrl-C while it runs
    auto client = httptest::Http2Client::Connect(port);
    if (!client) return "cannot reach the demo";
    const auto f = client->Send("GET", "/f");
    client->Pump(1s);  // the person at the keyboard, a second later
    demo.Signal(SIGINT);
    const auto answer = client->Await(f, 15s);
    if (!answer || answer->status != 503) return "the request cut short by Ctrl-C got no 503";
    if (!demo.WaitFor("GET /f: server shutting down after")) {
      return "no log line for the request cancelled by the shutdown";
    }
    if (!demo.WaitFor("stopped")) return "the demo did not say it stopped";
  }
  return std::nullopt;
}

}  // namespace

int main() {
  auto demo = DemoProgram::Start(CH08_SERVE_PATH, {"0"});
  if (!demo) return Fail("cannot run " CH08_SERVE_PATH ": " + demo.error().message());

  std::optional<std::string> failure;
  std::vector<std::string> client_lines;
  if (const auto serving = (*demo)->WaitFor("serving HTTP/2 on http://127.0.0.1:")) {
    const std::string address = serving->substr(serving->rfind(':') + 1);
    failure = PlayTheClients(**demo, std::stoi(address), client_lines);
  } else {
    failure = "the demo did not start";
  }
  const auto [exited_cleanly, lines] = (*demo)->Finish(/*kill=*/failure.has_value());

  for (const std::string& line : client_lines) std::printf("%s\n", line.c_str());
  for (const std::string& line : lines) std::printf("%s\n", line.c_str());
  if (failure) return Fail(*failure);
  if (!exited_cleanly) return Fail("the demo did not exit cleanly");
  return 0;
}
