// ch04_serve: your chapter-4 handler on http://127.0.0.1:8080 (or the port given as argument),
// in front of a store that takes 3 seconds to spell its answer. Hang up on it:
//
//   curl --max-time 1 http://127.0.0.1:8080/     # gives up after 1 s
//   curl http://127.0.0.1:8080/                  # waits: "hello, world"
//
// and watch this program's log. Ctrl-C shuts the server down, cancelling what still runs.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>

#include "http/server.h"
#include "server.h"
#include "spies/spell_slowly.h"

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> shutting_down = false;  // set once Ctrl-C was pressed

// A store slow enough to hang up on: one character every 250 ms, stopping when ctx is done.
class SlowStore final : public tutorial::Store {
 public:
  std::expected<std::string, std::error_code> Fetch(const context::Context& ctx) override {
    return spies::SpellSlowly(ctx, "hello, world\n", std::chrono::milliseconds(250));
  }
};

// Wraps a handler with one log line per request, telling how the request ended.
http::HandlerFunc Logged(http::HandlerFunc handler) {
  return [handler = std::move(handler)](http::ResponseWriter& w, const http::Request& r) {
    const auto start = Clock::now();
    handler(w, r);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    // The server cancels the context only after this handler returns, so an error here means
    // the client left (or Ctrl-C) while the store was working.
    if (const std::error_code err = r.Context().Err()) {
      std::printf("%s %s: client disconnected after %lld ms: %s; store stopped\n", r.method.c_str(),
                  r.target.c_str(), static_cast<long long>(ms), err.message().c_str());
    } else {
      std::printf("%s %s: answered after %lld ms\n", r.method.c_str(), r.target.c_str(),
                  static_cast<long long>(ms));
    }
    std::fflush(stdout);
  };
}

}  // namespace

int main(int argc, char** argv) {
  // Block Ctrl-C and `kill` in every thread (the server's threads inherit the mask), so that
  // sigwait below is the only one to receive them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SlowStore store;
  http::ServerOptions options;
  options.port = argc > 1 ? std::stoi(argv[1]) : 8080;
  http::Server server(Logged(tutorial::Server(store)), options);
  const auto port = server.Start();
  if (!port) {
    std::fprintf(stderr, "cannot listen on 127.0.0.1:%d: %s\n", options.port,
                 port.error().message().c_str());
    return 1;
  }
  std::printf("serving on http://127.0.0.1:%d/ (Ctrl-C to stop)\n", *port);
  std::printf("try: curl --max-time 1 http://127.0.0.1:%d/\n", *port);
  std::fflush(stdout);

  int received = 0;
  sigwait(&stop_signals, &received);
  shutting_down = true;
  std::printf("shutting down: cancelling the requests still running\n");
  std::fflush(stdout);
  auto [grace, cancel] = context::WithTimeout(context::Background(), std::chrono::seconds(5));
  const std::error_code shutdown = server.Shutdown(grace);
  cancel();
  std::printf("stopped%s\n", shutdown ? " (some connections were still closing)" : "");
  return 0;
}
