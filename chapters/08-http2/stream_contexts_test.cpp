// Chapter 8: the kit's tests of your StreamContexts, called as the server calls it, one event
// at a time, without a network.
#include "stream_contexts.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "context/context.h"
#include "http/server.h"

namespace tutorial {
namespace {

using namespace std::chrono_literals;

// A connection's context as the server makes it: cancelled when the server shuts down.
class StreamContexts : public testing::Test {
 protected:
  StreamContexts()
      : server_(context::WithCancelCause(context::Background())),
        streams_(NewStreamContexts(server_.first)) {}

  void ShutDownTheServer() { server_.second(http::ErrServerClosed); }

  std::pair<context::Context, context::CancelCauseFunc> server_;
  std::unique_ptr<http::StreamContexts> streams_;
};

TEST_F(StreamContexts, AStreamsContextRunsUntilSomethingHappensToIt) {
  const context::Context one = streams_->Open(1);
  EXPECT_EQ(one.Err(), std::error_code{}) << "a request nobody cancelled must be able to run";
}

TEST_F(StreamContexts, AResetCancelsThatStreamsContextWithErrStreamReset) {
  const context::Context one = streams_->Open(1);
  streams_->Reset(1);
  EXPECT_EQ(one.Err(), context::Canceled);
  EXPECT_EQ(context::Cause(one), http::ErrStreamReset)
      << "the handler and its store should be able to tell a reset from any other ending";
}

TEST_F(StreamContexts, AResetLeavesTheConnectionsOtherStreamsRunning) {
  const context::Context one = streams_->Open(1);
  const context::Context three = streams_->Open(3);
  const context::Context five = streams_->Open(5);
  streams_->Reset(3);
  EXPECT_EQ(three.Err(), context::Canceled);
  EXPECT_EQ(one.Err(), std::error_code{}) << "stream 1 was not reset: its client still waits";
  EXPECT_EQ(five.Err(), std::error_code{}) << "stream 5 was not reset: its client still waits";
}

TEST_F(StreamContexts, AStreamOpenedAfterAResetRuns) {
  streams_->Open(1);
  streams_->Reset(1);
  const context::Context three = streams_->Open(3);
  EXPECT_EQ(three.Err(), std::error_code{}) << "a reset ends one stream, not the connection";
}

TEST_F(StreamContexts, AStreamsContextIsDoneOnceItsHandlerFinishes) {
  const context::Context one = streams_->Open(1);
  const context::Context three = streams_->Open(3);
  streams_->Finished(1);
  EXPECT_EQ(one.Err(), context::Canceled)
      << "work the handler left behind with its context must stop when it returns";
  EXPECT_EQ(context::Cause(one), context::Canceled) << "a finished request was not reset";
  EXPECT_EQ(three.Err(), std::error_code{}) << "stream 3's handler is still running";
}

TEST_F(StreamContexts, TheConnectionGoingCancelsEveryOpenStreamWithErrClientGone) {
  const context::Context one = streams_->Open(1);
  const context::Context three = streams_->Open(3);
  streams_->ConnectionGone();
  EXPECT_EQ(context::Cause(one), http::ErrClientGone);
  EXPECT_EQ(context::Cause(three), http::ErrClientGone);
}

TEST_F(StreamContexts, AServerShuttingDownReachesEveryStream) {
  const context::Context one = streams_->Open(1);
  ShutDownTheServer();
  EXPECT_EQ(context::Cause(one), http::ErrServerClosed)
      << "derive each stream's context from the connection's, which the server cancels";
}

struct Region {
  using type = std::string;
};

TEST(StreamContextsOfAConnection, CarryItsValuesAndItsDeadline) {
  const auto deadline = context::Clock::now() + 1h;
  auto [with_deadline, cancel] = context::WithDeadline(context::Background(), deadline);
  const auto connection = context::WithValue<Region>(with_deadline, "eu-west");
  const auto streams = NewStreamContexts(connection);

  const context::Context one = streams->Open(1);
  ASSERT_NE(one.Value<Region>(), nullptr) << "a value the connection carries is lost";
  EXPECT_EQ(*one.Value<Region>(), "eu-west");
  EXPECT_EQ(one.Deadline(), deadline);
  cancel();
}

}  // namespace
}  // namespace tutorial
