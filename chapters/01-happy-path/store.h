// Where the server gets its data. In a real program this would be a database or another
// service; the tests hand the server a stand-in (spies::StubStore, spies::MockStore).
#pragma once

#include <string>

namespace tutorial {

class Store {
 public:
  virtual ~Store() = default;

  // The data to send back to the client.
  virtual std::string Fetch() = 0;
};

}  // namespace tutorial
