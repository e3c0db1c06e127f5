// A client that resets its connection while its request waits for a free worker. cpp-httplib has
// accepted the connection and queued it; when a worker finally takes it, the request's bytes are
// still there to read but the socket is dead, and each cpp-httplib version reports that its own
// way (0.11: remote port -1; 0.18: an empty address and port 0). Whatever it reports, the handler
// must not run as if the client were still waiting: its context is cancelled, or it never runs.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <system_error>
#include <utility>

#include "http/server.h"
#include "listening_socket.h"
#include "serving.h"

namespace server_test {
namespace {

// Asks for the connection to be closed after the response, so that a served client does not keep
// the only worker waiting for a keep-alive request.
constexpr std::string_view kBlock = "GET /block HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
constexpr std::string_view kFast = "GET /fast HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

// What the server's handlers did, in the order the test reads it. Every wait is bounded.
class Handlers {
 public:
  // /block occupies its worker until Release() (or until its context is done, so that a failed
  // test still shuts down); /queued waits up to 10 s for its context to be done, as slow work
  // would; /fast answers at once.
  http::HandlerFunc Serve() {
    return [this](http::ResponseWriter& w, const http::Request& r) {
      if (r.target == "/block") {
        std::unique_lock lock(mutex_);
        block_started_ = true;
        changed_.notify_all();
        changed_.wait(lock, r.Context().Done(), [this] { return released_; });
      } else if (r.target == "/queued") {
        WaitUntilDone(r.Context(), 10s);
        const std::scoped_lock lock(mutex_);
        queued_error_ = r.Context().Err();
      }
      w.Write(r.target);
    };
  }

  bool WaitForBlockStarted() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [this] { return block_started_; });
  }
  void Release() {
    {
      const std::scoped_lock lock(mutex_);
      released_ = true;
    }
    changed_.notify_all();
  }
  // The context error /queued stopped waiting with; nullopt if it never ran.
  std::optional<std::error_code> QueuedError() {
    const std::scoped_lock lock(mutex_);
    return queued_error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable_any changed_;
  bool block_started_ = false;
  bool released_ = false;
  std::optional<std::error_code> queued_error_;
};

TEST(HangUpWhileQueued, AClientThatResetsBeforeAWorkerIsFreeNeverHasItsRequestServedUncancelled) {
  Handlers handlers;
  http::ServerOptions one_worker;
  one_worker.worker_threads = 1;
  http::Server server(handlers.Serve(), std::move(one_worker));
  const int port = server.Start().value();
  RawClient blocker = RawClient::Connect(port).value();
  ASSERT_TRUE(blocker.Send(kBlock));
  ASSERT_TRUE(handlers.WaitForBlockStarted());  // the only worker is busy from now on

  RawClient queued = RawClient::Connect(port).value();
  ASSERT_TRUE(queued.SendRequest("GET", "/queued"));
  // Accepted, so cpp-httplib has handed it to the pool, where it waits for the busy worker.
  ASSERT_TRUE(AcceptQueueEmpties(port, 5s));
  queued.Reset();  // on loopback the RST has arrived when this returns
  // One worker takes jobs in order: /fast is served after whatever /queued's job does.
  RawClient fast = RawClient::Connect(port).value();
  ASSERT_TRUE(fast.Send(kFast));
  handlers.Release();

  const auto answer = fast.ReadResponse(5s);

  ASSERT_TRUE(answer) << "the reset client's handler held the worker: it was not cancelled";
  EXPECT_EQ(answer->body, "/fast");
  const std::optional<std::error_code> queued_error = handlers.QueuedError();
  if (queued_error.has_value()) {
    EXPECT_EQ(*queued_error, context::Canceled);
  }
}

}  // namespace
}  // namespace server_test
