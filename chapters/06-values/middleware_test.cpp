// Chapter 6, part 1: WithTraceId gives every request a trace id, carried by its context.
#include "middleware.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

// A generator that makes a different id each time it is called: "id-1", "id-2"...
class CountingIds {
 public:
  std::string operator()() { return "id-" + std::to_string(++made_); }

 private:
  int made_ = 0;
};

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

TEST(WithTraceId, MakesUpANewTraceIdForEachRequest) {
  SeenContext next;
  const http::HandlerFunc handler = tutorial::WithTraceId(next.Handler(), CountingIds());
  httptest::ResponseRecorder first_response;
  httptest::ResponseRecorder second_response;

  handler(first_response, httptest::NewRequest(http::MethodGet, "/orders"));
  const TraceIdSeen first = next.TraceId();
  handler(second_response, httptest::NewRequest(http::MethodGet, "/orders"));
  const TraceIdSeen second = next.TraceId();

  ASSERT_TRUE(first && second) << "each request must carry a trace id";
  EXPECT_NE(*first, *second) << "two requests, one id: call new_trace_id() for every request";
}

TEST(WithTraceId, SendsTheTraceIdBackInTheResponse) {
  // Like a real handler, the next one writes a body: the headers leave with its first Write.
  const http::HandlerFunc writes_a_body = [](http::ResponseWriter& w, const http::Request&) {
    w.Write("a keyboard\n");
  };
  const http::HandlerFunc handler = tutorial::WithTraceId(writes_a_body, AlwaysTheSameId);
  httptest::ResponseRecorder response;

  handler(response, httptest::NewRequest(http::MethodGet, "/orders"));

  EXPECT_EQ(response.ResultHeader().Get(tutorial::kTraceIdHeader), "made-up-id")
      << "the client quotes it when it reports a problem; set it before calling next";
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

// Another value the request's context already carries when it reaches the middleware.
struct ClientAddress {
  using type = std::string;
};

TEST(WithTraceId, KeepsTheRequestsValuesAndDeadline) {
  SeenContext next;
  const http::HandlerFunc handler = tutorial::WithTraceId(next.Handler(), AlwaysTheSameId);
  http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
  auto [with_deadline, cancel] = context::WithTimeout(request.Context(), std::chrono::hours(1));
  request = request.WithContext(context::WithValue<ClientAddress>(with_deadline, "192.0.2.7"));
  httptest::ResponseRecorder response;

  handler(response, request);
  cancel();

  ASSERT_TRUE(next.ctx);
  const std::string* address = next.ctx->Value<ClientAddress>();
  EXPECT_TRUE(address && *address == "192.0.2.7")
      << "the values put in before the middleware must still be there: derive from r.Context()";
  EXPECT_EQ(next.ctx->Deadline(), with_deadline.Deadline())
      << "the request's deadline must still be there: derive from r.Context()";
}

TEST(WithTraceId, GivesEachOfManyConcurrentRequestsItsOwnTraceId) {
  // A server runs the same handler on many threads at once, one per request.
  std::atomic<int> mixed_up = 0;
  const http::HandlerFunc next = [&mixed_up](http::ResponseWriter&, const http::Request& r) {
    const std::string* id = r.Context().Value<tutorial::TraceId>();
    if (id == nullptr || *id != r.header.Get(tutorial::kTraceIdHeader)) ++mixed_up;
  };
  const http::HandlerFunc handler = tutorial::WithTraceId(next, AlwaysTheSameId);
  constexpr int kThreads = 4;
  constexpr int kRequestsEach = 200;

  {
    std::vector<std::jthread> clients;
    for (int t = 0; t < kThreads; ++t) {
      clients.emplace_back([&handler, t] {
        for (int i = 0; i < kRequestsEach; ++i) {
          http::Request request = httptest::NewRequest(http::MethodGet, "/orders");
          request.header.Set(tutorial::kTraceIdHeader, "client-" + std::to_string(t));
          httptest::ResponseRecorder response;
          handler(response, request);
        }
      });
    }
  }

  EXPECT_EQ(mixed_up, 0) << "requests that did not see their own trace id: keep it per request";
}

}  // namespace
