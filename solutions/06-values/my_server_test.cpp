// The model test of chapter 6: the trace id a request brings is the one at the start of the log
// line it causes, through the middleware, the handler and the order book.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "log.h"
#include "orders.h"
#include "server.h"
#include "trace.h"

namespace {

class MyServer : public ::testing::Test {
 protected:
  void SetUp() override { book.Add(tutorial::UserId{7}, "a keyboard"); }
  tutorial::Log log;  // log.Lines(): every line written so far, its trace id first
  tutorial::OrderBook book{log};
  // A request without a trace id gets this one.
  http::HandlerFunc server = tutorial::Server(book, [] { return std::string("made-up-id"); });
};

TEST_F(MyServer, TheRequestsTraceIdArrivesInTheLog) {
  http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
  request.header.Set(tutorial::kUserIdHeader, "7");
  request.header.Set(tutorial::kTraceIdHeader, "4f1c0d2a");
  httptest::ResponseRecorder response;

  server(response, request);

  EXPECT_EQ(response.Code(), 200);
  // The request's id, not a made-up one, and none lost on the way down to the log.
  EXPECT_EQ(log.Lines(), std::vector<std::string>{"trace=4f1c0d2a orders for user 7: 1"});
}

}  // namespace
