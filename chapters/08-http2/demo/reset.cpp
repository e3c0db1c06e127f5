// ch08_reset: a client that cancels one request the way browsers and gRPC do, by resetting its
// stream. On one HTTP/2 connection to 127.0.0.1:8080 (or the port given as argument) it sends
// GET /a, /b and /c at once, resets /b after a second (RST_STREAM with CANCEL: the connection and
// the two other requests go on), and prints what each request got, in the order they were sent.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "httptest/http2_client.h"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  const int port = argc > 1 ? std::stoi(argv[1]) : 8080;
  auto client = httptest::Http2Client::Connect(port);
  if (!client) {
    std::fprintf(stderr, "cannot connect to 127.0.0.1:%d: %s\n", port,
                 client.error().message().c_str());
    return 1;
  }
  const auto a = client->Send("GET", "/a");
  const auto b = client->Send("GET", "/b");
  const auto c = client->Send("GET", "/c");
  client->Pump(1s);  // the client's patience with /b, as `curl --max-time 1` would have it
  client->Reset(b);
  const auto answer_a = client->Await(a, 30s);
  const auto answer_c = client->Await(c, 30s);

  const auto describe = [](const char* path, std::int32_t stream,
                           const std::optional<httptest::Http2Response>& answer) {
    std::string what = "no answer";
    if (answer && answer->reset) {
      what = "reset by the server";
    } else if (answer) {
      std::string body = answer->body;
      if (body.ends_with('\n')) body.pop_back();
      what = std::to_string(answer->status) + ", \"" + body + "\"";
    }
    std::printf("stream %d  GET %s: %s\n", stream, path, what.c_str());
  };
  describe("/a", a, answer_a);
  std::printf("stream %d  GET /b: reset by this client after 1 s\n", b);
  describe("/c", c, answer_c);
  return answer_a && answer_c ? 0 : 1;
}
