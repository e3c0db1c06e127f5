// spies::StubStore (chapter 1): a Store that answers at once with the text it was given, or with
// the text the test gave it last (SetResponse), as a store whose data changes between requests.
//
// A stub only feeds the code under test; it records nothing. Include it from a chapter-1 test:
// "store.h" is the chapter's own Store, found on the test's include path.
#pragma once

#include <string>
#include <utility>

#include "store.h"

namespace spies {

class StubStore final : public tutorial::Store {
 public:
  explicit StubStore(std::string response) : response_(std::move(response)) {}

  std::string Fetch() override { return response_; }

  void SetResponse(std::string response) { response_ = std::move(response); }

 private:
  std::string response_;
};

}  // namespace spies
