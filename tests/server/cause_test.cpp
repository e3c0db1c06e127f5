// Why a request's context ended, as context::Cause() tells it: the client hung up
// (http::ErrClientGone), the server shut down (http::ErrServerClosed), or the handler returned
// (context::Canceled). Err() is context::Canceled in all three, as in Go.
#include <gtest/gtest.h>

#include <optional>
#include <system_error>

#include "http/server.h"
#include "serving.h"

namespace server_test {
namespace {

// What the handler saw when its wait for the context ended.
struct Ending {
  std::error_code err;
  std::error_code cause;
};

// A handler that waits (up to 10 s) for its context to be done and reports how it ended.
class CauseProbe {
 public:
  http::HandlerFunc Handler() {
    return [this](http::ResponseWriter&, const http::Request& r) {
      {
        const std::scoped_lock lock(mutex_);
        started_ = true;
      }
      changed_.notify_all();
      WaitUntilDone(r.Context(), 10s);
      {
        const std::scoped_lock lock(mutex_);
        ending_ = Ending{r.Context().Err(), context::Cause(r.Context())};
      }
      changed_.notify_all();
    };
  }
  bool WaitForStarted() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [this] { return started_; });
  }
  std::optional<Ending> WaitForEnding() {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, 5s, [this] { return ending_.has_value(); });
    return ending_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool started_ = false;
  std::optional<Ending> ending_;
};

class Cause : public ::testing::Test {
 protected:
  RawClient StartAndSendARequest() {
    server_.emplace(probe_.Handler());
    RawClient client = RawClient::Connect(server_->Start().value()).value();
    EXPECT_TRUE(client.SendRequest());
    EXPECT_TRUE(probe_.WaitForStarted());
    return client;
  }

  CauseProbe probe_;
  std::optional<http::Server> server_;  // stops before the probe it calls goes away
};

TEST_F(Cause, OfAClientThatClosesIsClientGone) {
  RawClient client = StartAndSendARequest();

  client.Close();

  const auto ending = probe_.WaitForEnding();
  ASSERT_TRUE(ending) << "the request was not cancelled";
  EXPECT_EQ(ending->err, context::Canceled) << "Err() stays Canceled, as Go has it";
  EXPECT_EQ(ending->cause, http::ErrClientGone);
}

TEST_F(Cause, OfAClientThatResetsIsClientGone) {
  RawClient client = StartAndSendARequest();

  client.Reset();

  const auto ending = probe_.WaitForEnding();
  ASSERT_TRUE(ending) << "the request was not cancelled";
  EXPECT_EQ(ending->err, context::Canceled);
  EXPECT_EQ(ending->cause, http::ErrClientGone);
}

TEST_F(Cause, OfAShutdownIsServerClosed) {
  RawClient client = StartAndSendARequest();

  EXPECT_EQ(server_->Shutdown(), std::error_code{});

  const auto ending = probe_.WaitForEnding();
  ASSERT_TRUE(ending) << "the request was not cancelled";
  EXPECT_EQ(ending->err, context::Canceled);
  EXPECT_EQ(ending->cause, http::ErrServerClosed);
}

// After the handler: HangUpAfterTheHandler.TheContextIsCancelledWhenTheHandlerReturns
// (hangup_test.cpp) checks its cause too, plain Canceled.

TEST(ServerErrors, AreCancellationsWithMessagesOfTheirOwn) {
  EXPECT_EQ(http::ErrClientGone, std::errc::operation_canceled);
  EXPECT_EQ(http::ErrServerClosed, std::errc::operation_canceled);
  EXPECT_NE(http::ErrClientGone, http::ErrServerClosed);
  EXPECT_NE(http::ErrClientGone, context::Canceled);
  EXPECT_EQ(http::ErrClientGone.message(), "client gone");
  EXPECT_EQ(http::ErrServerClosed.message(), "server closed");
}

}  // namespace
}  // namespace server_test
