// http2_bench: how fast http::Http2Server turns a stream reset into the cancellation of that
// request's context, and how it holds up under a Rapid Reset flood (CVE-2023-44487). Results
// and how to read them: bench/README.md, "HTTP/2".
//
//   http2_bench latency [trials]       RST_STREAM -> the handler sees ctx.Done(), beside an
//                                      HTTP/1.1 full close on http::Server, trials taken in turns
//                                      (default 500 each, after 100 unreported warm-up trials)
//   http2_bench rapid-reset [streams] [connections] [split]
//                                      `connections` attackers open and reset `streams` streams in
//                                      all (default 100000 on 4), reconnecting whenever the server
//                                      closes them; meanwhile a normal client's latency, the
//                                      server's peak memory and threads, and how many handlers
//                                      started and were cancelled. With `split`, each stream's
//                                      HEADERS is written before its reset, so handlers do start
//   http2_bench streams [streams] [connections]
//                                      `streams` requests (default 10000) over `connections`
//                                      connections (default 4), up to 1000 in flight on each
//   http2_bench serve PORT             a trivial handler over HTTP/2, for h2load
//   http2_bench smoke                  a few of each, for ctest
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hangup_probe.h"
#include "http/http2_server.h"
#include "http/server.h"
#include "http/stop_signals.h"
#include "httptest/http2_client.h"
#include "httptest/raw_client.h"

namespace {

using namespace std::chrono_literals;
using bench::CancellationProbe;
using bench::Clock;
using bench::LoadAverage;
using bench::Micros;
using bench::Percentile;
using httptest::Http2Client;

// GET /fast answers at once; anything else waits for its context (CancellationProbe).
http::HandlerFunc FastOrProbe(CancellationProbe& probe) {
  return [slow = probe.Handler()](http::ResponseWriter& w, const http::Request& r) {
    if (r.target == "/fast") {
      w.Write("ok");
    } else {
      slow(w, r);
    }
  };
}

void PrintPercentiles(const char* what, std::vector<double> micros) {
  std::ranges::sort(micros);
  std::printf("%-28s n %6zu  p50 %8.1f us  p99 %8.1f us  max %8.1f us\n", what, micros.size(),
              Percentile(micros, 0.5), Percentile(micros, 0.99), micros.back());
}

// RST_STREAM on HTTP/2 and a full close on HTTP/1.1, in turns, each against its own server.
int Latency(int trials) {
  const double load_before = LoadAverage();
  CancellationProbe h2_probe;
  CancellationProbe h1_probe;
  http::Http2Server h2(h2_probe.Handler());
  http::Server h1(h1_probe.Handler());
  const auto h2_port = h2.Start();
  const auto h1_port = h1.Start();
  if (!h2_port || !h1_port) return 1;
  auto client = Http2Client::Connect(*h2_port);
  if (!client) return 1;

  constexpr int kWarmUp = 100;
  std::vector<double> reset_micros;
  std::vector<double> close_micros;
  for (int trial = 1; trial <= kWarmUp + trials; ++trial) {
    const auto stream = client->Send("GET", "/wait");
    if (!client->Flush() || !h2_probe.WaitForStarted(trial)) return 1;
    const auto reset_at = Clock::now();
    client->Reset(stream);
    client->Flush();
    const auto reset_woke = h2_probe.WaitForFinished(trial);

    auto h1_client = httptest::RawClient::Connect(*h1_port);
    if (!h1_client || !h1_client->SendRequest() || !h1_probe.WaitForStarted(trial)) return 1;
    const auto closed_at = Clock::now();
    h1_client->Close();
    const auto close_woke = h1_probe.WaitForFinished(trial);
    if (!reset_woke || !close_woke) return 1;
    if (trial > kWarmUp) {
      reset_micros.push_back(Micros(reset_woke->at - reset_at));
      close_micros.push_back(Micros(close_woke->at - closed_at));
    }
  }
  PrintPercentiles("HTTP/2 RST_STREAM -> Done", reset_micros);
  PrintPercentiles("HTTP/1.1 close -> Done", close_micros);
  std::printf("cancelled: HTTP/2 %d of %d, HTTP/1.1 %d of %d; load %.2f -> %.2f\n",
              h2_probe.Cancelled(), kWarmUp + trials, h1_probe.Cancelled(), kWarmUp + trials,
              load_before, LoadAverage());
  return h2_probe.Cancelled() == kWarmUp + trials ? 0 : 1;
}

// The process's peak resident memory (VmHWM) in kB, and its threads now.
struct Footprint {
  long peak_rss_kb = 0;
  long threads = 0;
};
Footprint ReadFootprint() {
  std::ifstream status("/proc/self/status");
  Footprint footprint;
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) footprint.peak_rss_kb = std::stol(line.substr(6));
    if (line.starts_with("Threads:")) footprint.threads = std::stol(line.substr(8));
  }
  return footprint;
}

// A normal client's requests, one after another on its own connection, until `stop`.
std::vector<double> NormalClient(int port, const std::atomic<bool>& stop, int at_least) {
  std::vector<double> micros;
  auto client = Http2Client::Connect(port);
  if (!client) return micros;
  while (!stop || static_cast<int>(micros.size()) < at_least) {
    const auto start = Clock::now();
    const auto answer = client->Await(client->Send("GET", "/fast"), 10s);
    if (!answer || answer->body != "ok") break;
    micros.push_back(Micros(Clock::now() - start));
  }
  return micros;
}

// `split`: each stream's HEADERS is written alone, before its reset, so that most reach the
// server first and some handlers start; otherwise both travel in one write, as a real attacker
// sends them, and the server reads the reset with its stream.
int RapidReset(int streams, int connections, bool split) {
  const double load_before = LoadAverage();
  CancellationProbe probe;
  http::Http2Server server(FastOrProbe(probe));
  const auto port = server.Start();
  if (!port) return 1;

  const auto quiet = [&] {
    std::atomic<bool> stop = true;
    NormalClient(*port, stop, 500);  // warm-up, unreported
    return NormalClient(*port, stop, 2000);
  }();

  const http::Http2Counts before = server.Counts();
  std::atomic<bool> attack_over = false;
  std::atomic<long> peak_threads = 0;
  std::vector<double> during;
  std::jthread normal([&] { during = NormalClient(*port, attack_over, 100); });
  std::jthread sampler([&](std::stop_token stop) {
    while (!stop.stop_requested()) {
      peak_threads = std::max(peak_threads.load(), ReadFootprint().threads);
      std::this_thread::sleep_for(5ms);
    }
  });

  std::atomic<int> sent = 0;
  const auto start = Clock::now();
  {
    std::vector<std::jthread> attackers;
    for (int a = 0; a < connections; ++a) {
      attackers.emplace_back([&] {
        while (sent < streams) {
          auto attacker = Http2Client::Connect(*port);
          if (!attacker) return;
          while (!attacker->Ended() && sent.fetch_add(1) < streams) {
            const auto stream = attacker->Send("GET", "/slow");
            if (split) attacker->Flush();
            attacker->Reset(stream);
            // In batches, as a real client's writes are: one write, many frames. Reading what
            // came back tells it when the server has had enough and closed the connection.
            if (sent % 64 == 0) attacker->Pump(0ms);
          }
          // The server has read this connection's frames (or closed it after its burst):
          // its counts, read below, are then the attack's.
          attacker->RoundTrip(1s);
        }
      });
    }
  }
  const auto attack_time = Clock::now() - start;
  attack_over = true;
  normal.join();
  sampler.request_stop();
  sampler.join();

  // Every handler that started must end, cancelled, soon after the flood.
  const int started = probe.Started();
  const bool all_ended = started == 0 || probe.WaitForFinished(started).has_value();
  const Footprint footprint = ReadFootprint();
  // The attackers' share of what the server counted: less what came before, and the normal
  // client's requests (one connection, one handler each).
  const http::Http2Counts after = server.Counts();
  const auto normal_requests = static_cast<std::uint64_t>(during.size());
  const auto attack_streams = after.streams - before.streams - normal_requests;
  const auto attack_resets = after.resets - before.resets;
  const auto attack_connections = after.connections - before.connections - 1;
  const auto attack_handlers = after.handlers_started - before.handlers_started - normal_requests;
  const double seconds = std::chrono::duration<double>(attack_time).count();
  std::printf(
      "rapid reset%s: %d streams sent by %d attackers in %.2f s; the server read %llu of "
      "them and %llu resets, on %llu connections: %.0f resets/s\n",
      split ? " (each HEADERS alone)" : "", streams, connections, seconds,
      static_cast<unsigned long long>(attack_streams),
      static_cast<unsigned long long>(attack_resets),
      static_cast<unsigned long long>(attack_connections),
      static_cast<double>(attack_resets) / seconds);
  PrintPercentiles("normal client, quiet", quiet);
  PrintPercentiles("normal client, under attack", during);
  std::printf(
      "attackers' handlers started %llu, cancelled %d, all ended: %s; peak RSS %ld kB, "
      "peak threads %ld (the benchmark's own included); load %.2f -> %.2f\n",
      static_cast<unsigned long long>(attack_handlers), probe.Cancelled(), all_ended ? "yes" : "NO",
      footprint.peak_rss_kb, peak_threads.load(), load_before, LoadAverage());
  return all_ended && probe.Cancelled() == started && !during.empty() ? 0 : 1;
}

int Streams(int streams, int connections) {
  const double load_before = LoadAverage();
  CancellationProbe unused;
  http::Http2ServerOptions options;
  options.max_concurrent_streams = 1000;
  http::Http2Server server(FastOrProbe(unused), options);
  const auto port = server.Start();
  if (!port) return 1;
  std::atomic<int> answered = 0;
  const auto start = Clock::now();
  {
    std::vector<std::jthread> clients;
    for (int c = 0; c < connections; ++c) {
      clients.emplace_back([&, share = streams / connections] {
        auto client = Http2Client::Connect(*port);
        if (!client) return;
        std::vector<std::int32_t> ids;
        for (int i = 0; i < share; ++i) ids.push_back(client->Send("GET", "/fast"));
        for (const auto id : ids) {
          const auto answer = client->Await(id, 30s);
          if (answer && answer->body == "ok") ++answered;
        }
      });
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "streams: %d of %d answered over %d connections in %.2f s (%.0f/s); load %.2f -> "
      "%.2f\n",
      answered.load(), streams, connections, seconds, answered / seconds, load_before,
      LoadAverage());
  return answered == streams / connections * connections ? 0 : 1;
}

int Serve(int port) {
  http::StopSignals stop;
  http::Http2ServerOptions options;
  options.port = port;
  http::Http2Server server(
      [](http::ResponseWriter& w, const http::Request&) { w.Write("hello, world"); }, options);
  if (!server.Start()) return 1;
  stop.Wait();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  const auto number = [&](int index, int fallback) {
    return argc > index ? std::stoi(argv[index]) : fallback;
  };
  if (mode == "latency") return Latency(number(2, 500));
  if (mode == "rapid-reset") {
    return RapidReset(number(2, 100'000), number(3, 4),
                      argc > 4 && std::string_view(argv[4]) == "split");
  }
  if (mode == "streams") return Streams(number(2, 10'000), number(3, 4));
  if (mode == "serve") return Serve(number(2, 8083));
  if (mode == "smoke") {
    return Latency(20) + RapidReset(3000, 2, false) + RapidReset(1000, 2, true) + Streams(400, 2);
  }
  std::fprintf(stderr, "usage: http2_bench latency|rapid-reset|streams|serve|smoke [n] [m]\n");
  return 2;
}
