// Where the server gets its data. New in chapter 2: a store can be told to stop, because the
// client may give up before Fetch() is done.
#pragma once

#include <string>

namespace tutorial {

class Store {
 public:
  virtual ~Store() = default;

  // The data to send back to the client. May take a while.
  virtual std::string Fetch() = 0;
  // Asks the store to abandon the work of a Fetch() nobody is waiting for any more.
  virtual void Cancel() = 0;
};

}  // namespace tutorial
