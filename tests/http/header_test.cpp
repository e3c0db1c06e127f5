#include "http/header.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using Values = std::vector<std::string>;

TEST(Header, GetIsEmptyForAMissingField) {
  const http::Header header;
  EXPECT_EQ(header.Get("Content-Type"), "");
  EXPECT_FALSE(header.Has("Content-Type"));
  EXPECT_TRUE(header.Values("Content-Type").empty());
}

TEST(EqualsIgnoringCase, IgnoresAsciiCaseOnlyAndComparesTheWholeString) {
  EXPECT_TRUE(http::EqualsIgnoringCase("Connection", "connection"));
  EXPECT_TRUE(http::EqualsIgnoringCase("CLOSE", "close"));
  EXPECT_TRUE(http::EqualsIgnoringCase("", ""));
  EXPECT_FALSE(http::EqualsIgnoringCase("close", "closed"));
  EXPECT_FALSE(http::EqualsIgnoringCase("closed", "close"));
  EXPECT_FALSE(http::EqualsIgnoringCase("keep-alive", "close"));
  EXPECT_FALSE(http::EqualsIgnoringCase("\xC9", "\xE9")) << "not ASCII: left as it is";
}

TEST(Header, NamesAreCaseInsensitive) {
  http::Header header;
  header.Set("Content-Type", "text/plain");
  EXPECT_EQ(header.Get("content-type"), "text/plain");
  EXPECT_EQ(header.Get("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(header.All().size(), 1u);
}

TEST(Header, AddKeepsEveryValueInOrder) {
  http::Header header;
  header.Add("Accept", "text/html");
  header.Add("accept", "application/json");
  EXPECT_EQ(header.Get("Accept"), "text/html");
  EXPECT_EQ(header.Values("Accept"), (Values{"text/html", "application/json"}));
}

TEST(Header, SetReplacesEveryValue) {
  http::Header header;
  header.Add("Accept", "text/html");
  header.Add("Accept", "application/json");
  header.Set("ACCEPT", "*/*");
  EXPECT_EQ(header.Values("Accept"), Values{"*/*"});
}

TEST(Header, DelRemovesTheField) {
  http::Header header;
  header.Set("X-Trace", "abc");
  header.Del("x-trace");
  EXPECT_FALSE(header.Has("X-Trace"));
  EXPECT_TRUE(header.empty());
  header.Del("X-Trace");  // deleting what is not there is fine
}

}  // namespace
