// Chapter 6, part 1: WithTraceId gives every request a trace id, carried by its context.
#include "middleware.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "context/context.h"
#include "httptest/request.h"
#include "httptest/response_recorder.h"
#include "trace.h"

namespace {

// A handler that remembers the context of the request it was given.
struct SeenContext {
  std::optional<context::Context> ctx;
  http::HandlerFunc Handler() {
    return [this](http::ResponseWriter&, const http::Request& r) {
      ctx = r.Context();
    };
  }
  std::optional<std::string> TraceId() const {
    const std::string* id = ctx ? ctx->Value<tutorial::TraceId>() : nullptr;
    return id ? std::optional(*id) : std::nullopt;
  }
};

using TraceIdSeen = std::optional<std::string>;

std::string AlwaysTheSameId() {
  return "made-up-id";
}

TEST(WithTraceId, PutsTheRequestsTraceIdInTheContext) {
  SeenContext next;
  const http::HandlerFunc handler = tutorial::WithTraceId(next.Handler(), AlwaysTheSameId);
  http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
  request.header.Set(tutorial::kTraceIdHeader, "4f1c0d2a9b8e7f61");
  httptest::ResponseRecorder response;

  handler(response, request);

  EXPECT_EQ(next.TraceId(), TraceIdSeen("4f1c0d2a9b8e7f61"))
      << "the next handler must find the trace id with ctx.Value<TraceId>()";
}

TEST(WithTraceId, MakesUpATraceIdWhenTheRequestHasNone) {
  SeenContext next;
  const http::HandlerFunc handler = tutorial::WithTraceId(next.Handler(), AlwaysTheSameId);
  httptest::ResponseRecorder response;

  handler(response, httptest::NewRequest(http::MethodGet, "/orders"));

  EXPECT_EQ(next.TraceId(), TraceIdSeen("made-up-id"));
}

TEST(WithTraceId, SendsTheTraceIdBackInTheResponse) {
  SeenContext next;
  const http::HandlerFunc handler = tutorial::WithTraceId(next.Handler(), AlwaysTheSameId);
  httptest::ResponseRecorder response;

  handler(response, httptest::NewRequest(http::MethodGet, "/orders"));

  EXPECT_EQ(response.ResultHeader().Get(tutorial::kTraceIdHeader), "made-up-id")
      << "the client quotes it when it reports a problem";
}

TEST(WithTraceId, KeepsTheRequestsCancellation) {
  SeenContext next;
  const http::HandlerFunc handler = tutorial::WithTraceId(next.Handler(), AlwaysTheSameId);
  http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
  auto [ctx, cancel] = context::WithCancel(request.Context());
  cancel();  // the client has already left
  httptest::ResponseRecorder response;

  handler(response, request.WithContext(ctx));

  ASSERT_TRUE(next.ctx);
  EXPECT_EQ(next.ctx->Err(), context::Canceled)
      << "a value is added to the request's context, never to a fresh Background()";
}

}  // namespace
