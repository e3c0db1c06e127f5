// httptest::NewRequest: a request for a handler under test, like Go's httptest.NewRequest.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"

namespace httptest {

// A request with the given method and target, an optional body, and the Background() context.
// Derive a cancellable context from it and attach it with WithContext to test cancellation.
http::Request NewRequest(std::string_view method, std::string_view target, std::string body = {});

}  // namespace httptest
