// What the adapter's tests share: the names every one of them uses, and the request whose context
// a handler keeps past its return (the mistake two tests show the server makes harmless).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

#include "cancelkit_testing/wait_until_done.h"
#include "context/context.h"
#include "http/server.h"
#include "httptest/raw_client.h"
#include "spies/handler_probe.h"

namespace server_test {

using namespace std::chrono_literals;
using cancelkit_testing::WaitUntilDone;
using httptest::RawClient;
using spies::HandlerProbe;

// Serves one request with a handler that keeps the request's context (as work that outlives the
// handler would), and returns that context once the answer arrived; nullopt if none did.
inline std::optional<context::Context> ContextKeptPastTheHandler() {
  std::mutex mutex;
  context::Context kept;
  http::Server server([&](http::ResponseWriter& w, const http::Request& r) {
    const std::scoped_lock lock(mutex);
    kept = r.Context();
    w.Write("done");
  });
  RawClient client = RawClient::Connect(server.Start().value()).value();
  if (!client.SendRequest() || !client.ReadResponse()) return std::nullopt;
  const std::scoped_lock lock(mutex);
  return kept;
}

}  // namespace server_test
