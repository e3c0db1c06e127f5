// right turn: a free function bound to the store with std::bind_front
// The handler's work is an ordinary function that takes the store as its first parameter;
// std::bind_front fixes that parameter. std::ref makes it bind a reference, not a copy.
#include "server.h"

#include <functional>

namespace tutorial {

namespace {

void AnswerWithFetched(Store& store, http::ResponseWriter& w, const http::Request& /*r*/) {
  w.Write(store.Fetch());
}

}  // namespace

http::HandlerFunc Server(Store& store) {
  return std::bind_front(AnswerWithFetched, std::ref(store));
}

}  // namespace tutorial
