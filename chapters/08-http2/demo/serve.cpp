// ch08_serve: chapter 8's handler over HTTP/2 on http://127.0.0.1:8080 (or the port given as
// argument; 0 for any free one), each connection's streams given their contexts by your
// chapters/08-http2/stream_contexts.cpp, in front of a store that takes about 2.5 s to spell its
// answer. Try:
//
//   curl --http2-prior-knowledge http://127.0.0.1:8080/a        # waits: "data of a"
//   ./build/dev/chapters/ch08_reset                             # /a /b /c, and /b reset
//   nghttp -t 1 http://127.0.0.1:8080/d http://127.0.0.1:8080/e  # gives up on both after 1 s
//
// and watch this program's log: one line per request, saying why it ended, read from the request
// context's cause. Ctrl-C shuts the server down, cancelling what still runs.
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "http/http2_server.h"
#include "http/stop_signals.h"
#include "http/why_it_ended.h"
#include "server.h"
#include "spies/spell_slowly.h"
#include "stream_contexts.h"

namespace {

using Clock = std::chrono::steady_clock;

// A store slow enough to reset a request on: one character every 250 ms, stopping when ctx is
// done.
class SlowStore final : public tutorial::Store {
 public:
  std::expected<std::string, std::error_code> Fetch(const context::Context& ctx,
                                                    std::string_view name) override {
    return spies::SpellSlowly(ctx, "data of " + std::string(name) + "\n",
                              std::chrono::milliseconds(250));
  }
};

// Wraps a handler: one log line per request, once it has returned.
http::HandlerFunc Logged(http::HandlerFunc handler) {
  return [handler = std::move(handler)](http::ResponseWriter& w, const http::Request& r) {
    const auto start = Clock::now();
    handler(w, r);
    // The handler has returned but the server has not yet told the stream's contexts so: a cause
    // here is a reset, a hang-up or a shutdown, seen while the handler ran.
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    std::printf("%s %s: %s after %lld ms\n", r.method.c_str(), r.target.c_str(),
                http::WhyItEnded(r.Context()).c_str(), static_cast<long long>(ms));
    std::fflush(stdout);
  };
}

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C and `kill` wait for ShutDownOnStop() below: the server's threads, started after this
  // line, never receive them.
  http::StopSignals stop;

  SlowStore store;
  http::Http2ServerOptions options;
  options.port = argc > 1 ? std::stoi(argv[1]) : 8080;
  options.stream_contexts = tutorial::NewStreamContexts;  // yours
  http::Http2Server server(Logged(tutorial::Server(store)), options);
  const auto port = server.Start();
  if (!port) {
    std::fprintf(stderr, "cannot listen on 127.0.0.1:%d: %s\n", options.port,
                 port.error().message().c_str());
    return 1;
  }
  std::printf("serving HTTP/2 on http://127.0.0.1:%d/ (Ctrl-C to stop)\n", *port);
  std::printf("try: curl --http2-prior-knowledge http://127.0.0.1:%d/a\n", *port);
  std::fflush(stdout);

  return http::ShutDownOnStop(
      stop, server, "shutting down: GOAWAY to every client, cancelling the requests still running");
}
