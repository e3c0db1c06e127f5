// spies::MockResponseWriter: the GoogleMock twin of SpyResponseWriter.
//
// Wrapped in ::testing::StrictMock, any call the test did not expect fails the test, which is
// exactly "nothing may be written":
//
//   ::testing::StrictMock<spies::MockResponseWriter> response;
//   server(response, request);  // a Write() here fails with "Uninteresting mock function call"
#pragma once

#include <gmock/gmock.h>

#include <cstddef>
#include <expected>
#include <string_view>
#include <system_error>

#include "http/header.h"
#include "http/response_writer.h"

namespace spies {

class MockResponseWriter : public http::ResponseWriter {
 public:
  MOCK_METHOD(http::Header&, Header, (), (override));
  MOCK_METHOD((std::expected<std::size_t, std::error_code>), Write, (std::string_view bytes),
              (override));
  MOCK_METHOD(void, WriteHeader, (int status), (override));
};

}  // namespace spies
