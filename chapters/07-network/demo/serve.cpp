// ch07_serve: the chapter's front server (your redis_call.cpp, upstream_call.cpp and respond.cpp)
// on http://127.0.0.1:8080 (or the port given as argument; 0 for any free one), with a
// redis-server of its own and a profile service that takes 3 seconds per profile. Try:
//
//   curl http://127.0.0.1:8080/profiles/ada                 # 3 s, then from Redis at once
//   curl --max-time 1 http://127.0.0.1:8080/profiles/bob    # hangs up after 1 s
//   curl -H 'Request-Timeout-Ms: 1000' http://127.0.0.1:8080/profiles/joe   # a 1 s budget
//
// and watch the log: one line per request from each server, with the connection it came on and
// why it ended, read from the request context's cause. Ctrl-C shuts the front server down.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <expected>
#include <string>
#include <string_view>
#include <system_error>

#include "cancelkit_testing/redis_server.h"
#include "cancelkit_testing/wait_until_done.h"
#include "context/context.h"
#include "http/server.h"
#include "http/status.h"
#include "http/stop_signals.h"
#include "http/why_it_ended.h"
#include "redis.h"
#include "server.h"
#include "upstream_call.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kProfileWork = 3s;
constexpr auto kRequestTimeout = 10s;

// The number of the connection a request came on, put into every request's context by the
// server's conn_context hook, so that each log line can say which connection it is about.
struct ConnectionNumber {
  using type = int;
};

// A conn_context hook that numbers a server's connections 1, 2, 3...
auto NumberConnections(std::atomic<int>& last) {
  return [&last](const context::Context& base, const http::ConnInfo&) {
    return context::WithValue<ConnectionNumber>(base, ++last);
  };
}

std::string TimeLeft(const context::Context& ctx) {
  const auto deadline = ctx.Deadline();
  if (!deadline) return "no deadline";
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
  return "deadline in " + std::to_string(left.count()) + " ms";
}

void Log(const char* who, const http::Request& r, const std::string& what) {
  const int* connection = r.Context().Value<ConnectionNumber>();
  std::printf("%-8s conn %d  %s %s: %s\n", who, connection ? *connection : 0, r.method.c_str(),
              r.target.c_str(), what.c_str());
  std::fflush(stdout);
}

long long MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// The profile service: works kProfileWork on each profile, or until its request's context ends.
http::HandlerFunc ProfileService() {
  return [](http::ResponseWriter& w, const http::Request& r) {
    const auto start = Clock::now();
    const std::string budget = TimeLeft(r.Context());
    const bool stopped = cancelkit_testing::WaitUntilDone(r.Context(), kProfileWork);
    Log("profiles", r,
        (stopped ? "stopped, " + http::WhyItEnded(r.Context()) : std::string("done")) + ", after " +
            std::to_string(MillisecondsSince(start)) + " ms (" + budget + ")");
    if (!stopped) {
      w.Write("profile of " + r.target.substr(r.target.rfind('/') + 1) + "\n");
    } else if (context::Cause(r.Context()) == context::DeadlineExceeded) {
      w.WriteHeader(http::StatusGatewayTimeout);  // out of the time its caller gave it
      w.Write("out of time\n");
    }
  };
}

// A writer that passes everything on and remembers the status the handler sent.
class StatusRecorder final : public http::ResponseWriter {
 public:
  explicit StatusRecorder(http::ResponseWriter& inner) : inner_(inner) {}
  http::Header& Header() override { return inner_.Header(); }
  std::expected<std::size_t, std::error_code> Write(std::string_view bytes) override {
    if (status_ == 0) status_ = http::StatusOK;  // as the real writer does
    return inner_.Write(bytes);
  }
  void WriteHeader(int status) override {
    if (status_ == 0) status_ = status;
    inner_.WriteHeader(status);
  }
  int Status() const { return status_; }

 private:
  http::ResponseWriter& inner_;
  int status_ = 0;
};

// The front server's handler, with one log line per request. A request with a budget runs out
// on two clocks a millisecond apart: the front server's own, or the profile service's, whose
// 504 the front passes on. Either way the request's budget ran out, and the line says so.
http::HandlerFunc Logged(http::HandlerFunc handler) {
  return [handler = std::move(handler)](http::ResponseWriter& w, const http::Request& r) {
    const auto start = Clock::now();
    StatusRecorder recorder(w);
    handler(recorder, r);
    const bool out_of_time =
        !context::Cause(r.Context()) && recorder.Status() == http::StatusGatewayTimeout;
    Log("front", r,
        (out_of_time ? std::string("deadline exceeded") : http::WhyItEnded(r.Context())) +
            ", after " + std::to_string(MillisecondsSince(start)) + " ms");
  };
}

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C and `kill` wait for ShutDownOnStop() below: the servers' threads never receive them.
  http::StopSignals stop;

  cancelkit_testing::RedisServer redis;
  redis::Pool cache(redis.SocketPath());

  std::atomic<int> profile_connections = 0;
  http::ServerOptions profile_options;
  profile_options.conn_context = NumberConnections(profile_connections);
  http::Server profiles(tutorial::WithDeadlineFromHeader(ProfileService()), profile_options);
  const auto profiles_port = profiles.Start();
  if (!profiles_port) {
    std::fprintf(stderr, "cannot start the profile service: %s\n",
                 profiles_port.error().message().c_str());
    return 1;
  }

  std::atomic<int> front_connections = 0;
  http::ServerOptions options;
  options.conn_context = NumberConnections(front_connections);
  options.port = argc > 1 ? std::stoi(argv[1]) : 8080;
  // The front server takes a budget from its clients too, as the profile service does.
  http::Server front(
      tutorial::WithDeadlineFromHeader(Logged(tutorial::Server(
          {.cache = cache, .upstream_host = "127.0.0.1", .upstream_port = *profiles_port},
          kRequestTimeout))),
      options);
  const auto port = front.Start();
  if (!port) {
    std::fprintf(stderr, "cannot listen on 127.0.0.1:%d: %s\n", options.port,
                 port.error().message().c_str());
    return 1;
  }
  std::printf("serving on http://127.0.0.1:%d/profiles/<name> (Ctrl-C to stop)\n", *port);
  std::fflush(stdout);

  return http::ShutDownOnStop(stop, front, "shutting down: cancelling the requests still running");
}
