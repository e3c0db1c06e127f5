// Chapter 6, both parts together: the server's log lines carry each request's trace id.
#include "server.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "log.h"
#include "middleware.h"
#include "orders.h"

namespace {

using Lines = std::vector<std::string>;
using tutorial::UserId;

http::Request OrdersRequest(std::string user, std::string trace_id) {
  http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
  request.header.Set(tutorial::kUserIdHeader, std::move(user));
  if (!trace_id.empty()) request.header.Set(tutorial::kTraceIdHeader, std::move(trace_id));
  return request;
}

class Server : public ::testing::Test {
 protected:
  void SetUp() override {
    book.Add(UserId{7}, "a keyboard");
    book.Add(UserId{7}, "a mouse");
    book.Add(UserId{8}, "a monitor");
  }
  tutorial::Log log;
  tutorial::OrderBook book{log};
  http::HandlerFunc server = tutorial::Server(book, [] { return std::string("new-id"); });
};

TEST_F(Server, AnswersWithTheOrdersOfTheUserInTheHeader) {
  httptest::ResponseRecorder response;

  server(response, OrdersRequest("7", ""));

  EXPECT_EQ(response.Code(), 200);
  EXPECT_EQ(response.Body(), "a keyboard\na mouse\n");
}

TEST_F(Server, EachLogLineCarriesItsRequestsTraceId) {
  httptest::ResponseRecorder first;
  httptest::ResponseRecorder second;
  httptest::ResponseRecorder third;

  server(first, OrdersRequest("7", "aaaa"));
  server(second, OrdersRequest("8", "bbbb"));
  server(third, OrdersRequest("8", ""));

  EXPECT_EQ(log.Lines(),
            (Lines{"trace=aaaa orders for user 7: 2", "trace=bbbb orders for user 8: 1",
                   "trace=new-id orders for user 8: 1"}));
}

TEST_F(Server, RefusesARequestThatDoesNotSayWhoseOrders) {
  httptest::ResponseRecorder response;

  server(response, httptest::NewRequest(http::MethodGet, "/orders"));

  EXPECT_EQ(response.Code(), 400) << "a missing required input is an error, not an empty list";
  EXPECT_EQ(log.Lines(), Lines{});
}

TEST_F(Server, AHandlerGetsTheOrdersOfTheUserItAsksAbout) {
  // A support agent (user 7, as the request's header says) looks at user 8's orders.
  const http::HandlerFunc support_desk = tutorial::WithTraceId(
      [this](http::ResponseWriter& w, const http::Request& r) {
        for (const std::string& order : book.Orders(r.Context(), UserId{8})) w.Write(order + "\n");
      },
      [] { return std::string("new-id"); });
  httptest::ResponseRecorder response;

  support_desk(response, OrdersRequest("7", "cccc"));

  EXPECT_EQ(response.Body(), "a monitor\n")
      << "the user parameter decides whose orders, whatever the request's context carries";
  EXPECT_EQ(log.Lines(), Lines{"trace=cccc orders for user 8: 1"});
}

}  // namespace
