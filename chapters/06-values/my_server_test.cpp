// Your test of chapter 6 (README.md, "Your test first: a trace id arrives in the log"): a request
// that brings a trace id must find it again at the start of the log line it causes. The setup is
// written; its only check so far is the status. `./kit check 06` grades it against middlewares
// and order books that lose the id on the way.
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
}

}  // namespace
