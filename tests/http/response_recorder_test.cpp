#include "httptest/response_recorder.h"

#include <gtest/gtest.h>

#include "http/status.h"

namespace {

TEST(ResponseRecorder, StartsWithStatus200AndNothingWritten) {
  const httptest::ResponseRecorder response;
  EXPECT_EQ(response.Code(), http::StatusOK);
  EXPECT_FALSE(response.WroteHeader());
  EXPECT_EQ(response.Body(), "");
}

TEST(ResponseRecorder, WriteAppendsToTheBodyAndSends200) {
  httptest::ResponseRecorder response;
  EXPECT_EQ(response.Write("hello, "), 7u);
  EXPECT_EQ(response.Write("world"), 5u);
  EXPECT_EQ(response.Body(), "hello, world");
  EXPECT_TRUE(response.WroteHeader());
  EXPECT_EQ(response.Code(), http::StatusOK);
}

TEST(ResponseRecorder, TheFirstWriteHeaderWins) {
  httptest::ResponseRecorder response;
  response.WriteHeader(http::StatusNotFound);
  response.WriteHeader(http::StatusInternalServerError);
  EXPECT_EQ(response.Code(), http::StatusNotFound);
}

TEST(ResponseRecorder, WriteAfterWriteHeaderKeepsTheChosenStatus) {
  httptest::ResponseRecorder response;
  response.WriteHeader(http::StatusCreated);
  ASSERT_TRUE(response.Write("made"));
  EXPECT_EQ(response.Code(), http::StatusCreated);
}

TEST(ResponseRecorder, HeadersChangedAfterTheStatusAreNotInTheResult) {
  httptest::ResponseRecorder response;
  response.Header().Set("Content-Type", "text/plain");
  ASSERT_TRUE(response.Write("hi"));
  response.Header().Set("X-Too-Late", "yes");

  EXPECT_EQ(response.ResultHeader().Get("Content-Type"), "text/plain");
  EXPECT_FALSE(response.ResultHeader().Has("X-Too-Late"));
}

}  // namespace
