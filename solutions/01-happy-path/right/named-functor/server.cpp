// right turn: a named class whose call operator is the handler, holding the store by reference
// A lambda is a class the compiler writes for you; writing it by hand gives the captured store a
// name and a type of its own. It still holds a reference, not a copy: the handler uses the store
// and does not own it, as server.h promises.
#include "server.h"

namespace tutorial {

namespace {

class AnswerFromStore {
 public:
  explicit AnswerFromStore(Store& store) : store_(store) {}

  void operator()(http::ResponseWriter& w, const http::Request& /*r*/) const {
    w.Write(store_.Fetch());
  }

 private:
  Store& store_;
};

}  // namespace

http::HandlerFunc Server(Store& store) {
  return AnswerFromStore(store);
}

}  // namespace tutorial
