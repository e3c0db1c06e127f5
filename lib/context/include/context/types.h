// The context library's vocabulary, shared by its public header and its internals: the clock
// deadlines are measured on, and what makes a type a key for WithValue/Value.
#pragma once

#include <chrono>
#include <type_traits>

namespace context {

// Deadlines are points on the steady clock: a wall-clock change never fires or delays one.
using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// A key for WithValue/Value: a type that names the type of its value. A key is a type, not a
// string, so two libraries cannot collide on a name, and Value<Key>() is typed.
//   struct TraceId { using type = std::string; };
template <class Key>
concept ValueKey = requires {
  typename Key::type;
}
&&std::is_object_v<typename Key::type>;

}  // namespace context
