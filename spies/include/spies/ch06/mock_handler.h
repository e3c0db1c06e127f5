// spies::MockHandler (chapter 6): the handler a middleware wraps, as a GoogleMock mock, with
// matchers that say what the request it receives must carry:
//
//   spies::MockHandler next;
//   EXPECT_CALL(next, Call(_, spies::CarriesTraceId("4f1c0d2a")));
//   const http::HandlerFunc handler = tutorial::WithTraceId(next.AsStdFunction());
//
// The matchers check properties of the request's context (a value it carries, whether it is
// done), never which context object it is: a middleware may derive as many as it likes.
#pragma once

#include <gmock/gmock.h>

#include <string>

#include "http/handler.h"
#include "http/request.h"
#include "trace.h"

namespace spies {

using MockHandler = ::testing::MockFunction<void(http::ResponseWriter&, const http::Request&)>;

// Matches a request whose context carries the trace id `id` (ctx.Value<TraceId>()).
MATCHER_P(CarriesTraceId, id,
          std::string(negation ? "does not carry" : "carries") + " the trace id " +
              ::testing::PrintToString(id)) {
  const std::string* found = arg.Context().template Value<tutorial::TraceId>();
  if (found == nullptr) {
    *result_listener << "whose context carries no trace id";
    return false;
  }
  *result_listener << "whose context carries the trace id " << ::testing::PrintToString(*found);
  return *found == id;
}

// Matches a request whose context is already done: cancelled with the request it came from.
MATCHER(IsCancelled, std::string(negation ? "is not cancelled" : "is cancelled")) {
  *result_listener << "whose context is " << ::testing::PrintToString(arg.Context());
  return arg.Context().Err() == std::errc::operation_canceled;
}

}  // namespace spies
