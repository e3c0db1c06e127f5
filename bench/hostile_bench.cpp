// hostile_bench: http::Server under the attacks that take longer than a unit test, each run
// against a fresh server with its default options, printed as one row of a table:
//   attack | result | figures
//
//   hostile_bench all         every attack below, with the sizes the figures in the report use
//   hostile_bench smoke       every attack, small, for ctest (a crash or a hang fails it)
//
// The attacks: slowloris (N connections sending one header line every 2 s while a normal client
// measures its latency), an idle flood (N connections that send nothing), huge uploads (8 in
// parallel, declared and chunked: memory before and after), and hang-ups (N requests whose
// clients reset: all cancelled, threads and descriptors back). bench/hostile_clients.sh runs it.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "context/context.h"
#include "http/server.h"
#include "httptest/raw_client.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using httptest::RawClient;

struct Sizes {
  int slow_clients;
  std::chrono::seconds slow_duration;
  int idle_clients;
  std::size_t upload_bytes;
  int hangups;
};

void Row(std::string_view attack, std::string_view result, const std::string& figures) {
  std::printf("| %-38s | %-6s | %s |\n", std::string(attack).c_str(), std::string(result).c_str(),
              figures.c_str());
  std::fflush(stdout);
}

long StatusField(std::string_view field) {  // a "VmRSS:  1234 kB" line of /proc/self/status
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field)) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}
long Threads() {
  return StatusField("Threads");
}
long Descriptors() {
  return std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                       std::filesystem::directory_iterator{});
}

// A raw socket connected to the server, or -1.
int ConnectRaw(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Latencies of one normal request at a time on a new connection, for `duration`.
struct Latency {
  std::vector<double> ms;
  int failed = 0;
  std::string Summary() {
    if (ms.empty()) return "no request answered, " + std::to_string(failed) + " failed";
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
      return ms[static_cast<std::size_t>(q * (ms.size() - 1))];
    };
    char text[160];
    std::snprintf(text, sizeof text,
                  "%zu normal requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed",
                  ms.size(), at(0.5), at(0.99), ms.back(), failed);
    return text;
  }
};
Latency MeasureNormalClient(int port, std::chrono::milliseconds duration) {
  Latency latency;
  const auto end = Clock::now() + duration;
  while (Clock::now() < end) {
    const auto start = Clock::now();
    auto client = RawClient::Connect(port);
    const bool ok = client && client->SendRequest() && client->ReadResponse(5s).has_value();
    if (ok) {
      latency.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    } else {
      ++latency.failed;
    }
    std::this_thread::sleep_for(20ms);  // one request every ~20 ms: a client, not a load test
  }
  return latency;
}

http::HandlerFunc Hello() {
  return [](http::ResponseWriter& w, const http::Request&) {
    w.Write("hello");
  };
}

// N connections, each sending its head one line every 2 s and reconnecting when cut off.
void Slowloris(const Sizes& sizes) {
  http::Server server(Hello());
  const int port = server.Start().value();
  std::vector<int> sockets(static_cast<std::size_t>(sizes.slow_clients), -1);
  std::atomic<bool> stop = false;
  std::atomic<long> cut_off = 0;
  std::thread trickle([&] {
    for (int round = 0; !stop; ++round) {
      const auto next = Clock::now() + 2s;
      for (int& fd : sockets) {
        if (fd >= 0) {
          const std::string line = "X-Line-" + std::to_string(round) + ": a\r\n";
          if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT) <= 0) {
            ::close(fd);
            fd = -1;
            ++cut_off;
          }
        }
        if (fd < 0 && !stop) {  // (re)connect and start a head that never ends
          fd = ConnectRaw(port);
          const std::string_view start = "GET / HTTP/1.1\r\nHost: x\r\n";
          if (fd >= 0) ::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
        }
      }
      while (!stop && Clock::now() < next) std::this_thread::sleep_for(50ms);
    }
  });
  std::this_thread::sleep_for(1s);  // all connected and trickling
  const long threads = Threads();
  const long rss_mb = StatusField("VmRSS") / 1024;
  Latency latency = MeasureNormalClient(port, sizes.slow_duration);
  stop = true;
  trickle.join();
  const bool held = latency.failed == 0 && !latency.ms.empty();
  const double p99 = held ? (std::sort(latency.ms.begin(), latency.ms.end()),
                             latency.ms[static_cast<std::size_t>(0.99 * (latency.ms.size() - 1))])
                          : 1e9;
  Row("slowloris: " + std::to_string(sizes.slow_clients) + " heads, a line every 2 s",
      held && p99 < 100 ? "held" : "BROKE",
      latency.Summary() + "; " + std::to_string(cut_off.load()) + " slow heads cut off (408); " +
          std::to_string(threads) + " threads, RSS " + std::to_string(rss_mb) + " MB");
  const auto shutdown_start = Clock::now();
  const auto error = server.Shutdown();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - shutdown_start);
  Row("shutdown with " + std::to_string(sizes.slow_clients) + " slow heads connected",
      !error && ms < 2s ? "held" : "BROKE", "complete in " + std::to_string(ms.count()) + " ms");
  for (int fd : sockets) {
    if (fd >= 0) ::close(fd);
  }
}

// N connections that connect and send nothing at all.
void IdleFlood(const Sizes& sizes) {
  http::Server server(Hello());
  const int port = server.Start().value();
  std::vector<int> sockets;
  for (int i = 0; i < sizes.idle_clients; ++i) sockets.push_back(ConnectRaw(port));
  std::this_thread::sleep_for(500ms);
  Latency latency =
      MeasureNormalClient(port, std::min<std::chrono::milliseconds>(sizes.slow_duration, 3s));
  const bool held = latency.failed == 0 && !latency.ms.empty();
  Row("idle flood: " + std::to_string(sizes.idle_clients) + " silent connections",
      held ? "held" : "BROKE", latency.Summary() + ", " + std::to_string(Threads()) + " threads");
  for (int fd : sockets) {
    if (fd >= 0) ::close(fd);
  }
}

// 8 uploads in parallel, of upload_bytes each: declared (Content-Length) or chunked.
void Uploads(const Sizes& sizes, bool chunked) {
  http::Server server([](http::ResponseWriter& w, const http::Request& r) {
    w.Write(std::to_string(r.body.size()));
  });
  const int port = server.Start().value();
  const long rss_before = StatusField("VmRSS");
  std::atomic<long> rss_peak = rss_before;
  std::atomic<bool> done = false;
  std::thread sampler([&] {
    while (!done) {
      rss_peak = std::max(rss_peak.load(), StatusField("VmRSS"));
      std::this_thread::sleep_for(5ms);
    }
  });
  const auto start = Clock::now();
  std::vector<std::future<int>> uploads;
  for (int i = 0; i < 8; ++i) {
    uploads.push_back(std::async(std::launch::async, [&] {
      auto client = RawClient::Connect(port);
      if (!client) return 0;
      const std::string head =
          chunked ? "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  : "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                        std::to_string(sizes.upload_bytes) + "\r\n\r\n";
      if (!client->Send(head)) return 0;
      const std::string piece(64 * 1024, 'u');
      const std::string chunk = "10000\r\n" + piece + "\r\n";
      for (std::size_t sent = 0; sent < sizes.upload_bytes; sent += piece.size()) {
        if (!client->Send(chunked ? chunk : piece)) break;  // the server closed: refused
      }
      const auto response = client->ReadResponse(5s);
      return response ? response->status : -1;
    }));
  }
  int refused = 0;
  int other = 0;
  for (auto& upload : uploads) (upload.get() == 413 ? refused : other)++;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  done = true;
  sampler.join();
  char figures[200];
  std::snprintf(figures, sizeof figures,
                "%d x 413 (%d other) in %lld ms; RSS %ld MB before, peak %ld MB", refused, other,
                static_cast<long long>(ms.count()), rss_before / 1024, rss_peak.load() / 1024);
  Row(std::string("uploads: 8 x ") + std::to_string(sizes.upload_bytes >> 20) + " MB, " +
          (chunked ? "chunked" : "Content-Length"),
      // A declared length is refused before a byte is read; a chunked body is read up to the
      // limit first, so 8 of them may hold 8 x 8 MiB, and half as much again while a string
      // moves to a larger buffer.
      refused == 8 && rss_peak - rss_before < (chunked ? 128 : 16) * 1024 ? "held" : "BROKE",
      figures);
}

// N requests whose handler waits for its context, each client resetting the connection.
void Hangups(const Sizes& sizes) {
  std::atomic<int> cancelled = 0;
  std::atomic<int> started = 0;
  http::Server server([&](http::ResponseWriter&, const http::Request& r) {
    ++started;
    std::mutex mutex;
    std::condition_variable_any never;
    std::unique_lock lock(mutex);
    if (never.wait_for(lock, r.Context().Done(), 10s, [] { return false; }); r.Context().Err()) {
      ++cancelled;
    }
  });
  const int port = server.Start().value();
  const long threads_before = Threads();
  const long fds_before = Descriptors();
  const auto start = Clock::now();
  for (int i = 0; i < sizes.hangups; ++i) {
    auto client = RawClient::Connect(port).value();
    (void)client.SendRequest();
    const auto patience = Clock::now() + 5s;
    while (started <= i && Clock::now() < patience) std::this_thread::yield();  // now hang up
    client.Reset();
  }
  const auto give_up = Clock::now() + 10s;
  while (cancelled < sizes.hangups && Clock::now() < give_up) std::this_thread::sleep_for(1ms);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  std::this_thread::sleep_for(200ms);  // the connections' threads park again
  char figures[200];
  std::snprintf(figures, sizeof figures,
                "%d/%d cancelled in %lld ms; threads %ld -> %ld, descriptors %ld -> %ld",
                cancelled.load(), sizes.hangups, static_cast<long long>(ms.count()), threads_before,
                Threads(), fds_before, Descriptors());
  Row("hang-ups: " + std::to_string(sizes.hangups) + " resets mid-request",
      cancelled == sizes.hangups && Descriptors() <= fds_before ? "held" : "BROKE", figures);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "all";
  // The smoke uploads are just over the default limit (8 MiB), so the refusal path runs.
  const Sizes sizes = mode == "smoke" ? Sizes{20, 1s, 20, std::size_t{9} << 20, 50}
                                      : Sizes{500, 10s, 1000, std::size_t{256} << 20, 10000};
  std::printf("| %-38s | %-6s | %s |\n|%s|%s|%s|\n", "attack", "result", "figures",
              std::string(40, '-').c_str(), std::string(8, '-').c_str(),
              std::string(60, '-').c_str());
  Slowloris(sizes);
  IdleFlood(sizes);
  Uploads(sizes, false);
  Uploads(sizes, true);
  Hangups(sizes);
  return 0;
}
