// ch04_serve: your chapter-4 handler on http://127.0.0.1:8080 (or the port given as argument; 0
// for any free one), in front of a store that takes 3 seconds to spell its answer. Try:
//
//   curl http://127.0.0.1:8080/                      # waits: "hello, world"
//   curl --max-time 1 http://127.0.0.1:8080/         # gives up after 1 s
//   curl http://127.0.0.1:8080/?timeout_ms=1000      # a request with a 1 s deadline
//
// and watch this program's log: one line per request, saying why it ended, read from the request
// context's cause. Ctrl-C shuts the server down, cancelling what still runs.

#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "http/server.h"
#include "http/stop_signals.h"
#include "http/why_it_ended.h"
#include "server.h"
#include "spies/spell_slowly.h"

namespace {

using Clock = std::chrono::steady_clock;

// A store slow enough to hang up on: one character every 250 ms, stopping when ctx is done.
class SlowStore final : public tutorial::Store {
 public:
  std::expected<std::string, std::error_code> Fetch(const context::Context& ctx) override {
    return spies::SpellSlowly(ctx, "hello, world\n", std::chrono::milliseconds(250));
  }
};

// The deadline a request asks for with ?timeout_ms=N (a stand-in for the budget a gateway in
// front of the server would set), if any.
std::optional<std::chrono::milliseconds> TimeoutAskedFor(std::string_view target) {
  constexpr std::string_view kKey = "timeout_ms=";
  const auto at = target.find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view digits = target.substr(at + kKey.size());
  long long ms = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
  if (error != std::errc{} || ms <= 0) return std::nullopt;
  return std::chrono::milliseconds(ms);
}

// Passes everything on, and remembers whether the handler wrote anything.
class Watched final : public http::ResponseWriter {
 public:
  explicit Watched(http::ResponseWriter& real) : real_(real) {}
  http::Header& Header() override { return real_.Header(); }
  std::expected<std::size_t, std::error_code> Write(std::string_view bytes) override {
    wrote_ = true;
    return real_.Write(bytes);
  }
  void WriteHeader(int status) override {
    wrote_ = true;
    real_.WriteHeader(status);
  }
  bool Wrote() const { return wrote_; }

 private:
  http::ResponseWriter& real_;
  bool wrote_ = false;
};

// Wraps a handler: gives the request the deadline it asked for, and logs one line per request.
http::HandlerFunc Logged(http::HandlerFunc handler) {
  return [handler = std::move(handler)](http::ResponseWriter& w, const http::Request& r) {
    const auto start = Clock::now();
    const auto timeout = TimeoutAskedFor(r.target);
    auto [ctx, cancel] = context::WithTimeout(r.Context(), timeout.value_or(std::chrono::hours(1)));
    Watched watched(w);
    handler(watched, r.WithContext(ctx));
    // The server cancels r.Context() only after this wrapper returns: a cause here is a hang-up,
    // a shutdown or the deadline, seen while the handler ran.
    const std::string why = http::WhyItEnded(ctx);
    cancel();
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    std::string answer;
    if (why == "deadline exceeded" && !watched.Wrote()) {
      // The client is still there and our budget is spent: tell it, as Go's TimeoutHandler does.
      w.WriteHeader(http::StatusGatewayTimeout);
      w.Write("out of time\n");
      answer = ", answered 504";
    }
    std::printf("%s %s: %s after %lld ms%s\n", r.method.c_str(), r.target.c_str(), why.c_str(),
                static_cast<long long>(ms), answer.c_str());
    std::fflush(stdout);
  };
}

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C and `kill` wait for ShutDownOnStop() below: the server's threads, started after this
  // line, never receive them.
  http::StopSignals stop;

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

  return http::ShutDownOnStop(stop, server, "shutting down: cancelling the requests still running");
}
