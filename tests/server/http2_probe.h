// What the HTTP/2 server's tests share: a handler whose requests a test can hold, release and
// watch, by name, and the context kept past a handler's return.
//
//   GET /hold/a    starts "a" and waits until the test releases it (then answers "a answered")
//                  or until its context is done (then answers nothing); either way it records
//                  how its context ended;
//   GET /hello     answers "hello, world" at once;
//   POST /echo     answers its body, and its X-Name header back as X-Echoed-Name;
//   GET /throw     throws.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>

#include "context/context.h"
#include "http/handler.h"
#include "http/status.h"
#include "spies/watched_state.h"

namespace server_test {

class StreamProbe {
 public:
  http::HandlerFunc Handler() {
    return [this](http::ResponseWriter& w, const http::Request& r) {
      if (r.target == "/hello") {
        w.Write("hello, world");
      } else if (r.target == "/echo") {
        w.Header().Set("X-Echoed-Name", r.header.Get("X-Name"));
        w.Write(r.body);
      } else if (r.target == "/throw") {
        throw std::runtime_error("a handler that fails");
      } else if (r.target.starts_with("/hold/")) {
        Hold(w, r, r.target.substr(6));
      } else {
        w.WriteHeader(http::StatusNotFound);
      }
    };
  }

  // Lets a held request answer.
  void Release(const std::string& name) {
    state_.Update([&](State& state) { state.released.insert(name); });
  }

  bool WaitForStarted(const std::string& name,
                      std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    return state_.WaitUntil(limit,
                            [&](const State& state) { return state.started.contains(name); });
  }
  // How the held request's context ended (its Cause; empty if it was released and answered), or
  // nullopt if its handler has not returned within `limit`.
  std::optional<std::error_code> WaitForEnd(
      const std::string& name, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    if (!state_.WaitUntil(limit, [&](const State& state) { return state.ended.contains(name); })) {
      return std::nullopt;
    }
    return state_.Get([&](const State& state) { return state.ended.at(name); });
  }
  bool Started(const std::string& name) {
    return state_.Get([&](const State& state) { return state.started.contains(name); });
  }
  bool Ended(const std::string& name) {
    return state_.Get([&](const State& state) { return state.ended.contains(name); });
  }
  std::size_t StartedCount() {
    return state_.Get([](const State& state) { return state.started.size(); });
  }
  std::size_t EndedCount() {
    return state_.Get([](const State& state) { return state.ended.size(); });
  }
  // Whether every started handler has returned within `limit`.
  bool WaitForAllEnded(std::chrono::milliseconds limit) {
    return state_.WaitUntil(
        limit, [](const State& state) { return state.ended.size() == state.started.size(); });
  }

 private:
  struct State {
    std::set<std::string> started;
    std::set<std::string> released;
    std::map<std::string, std::error_code> ended;
  };

  void Hold(http::ResponseWriter& w, const http::Request& r, const std::string& name) {
    state_.Update([&](State& state) { state.started.insert(name); });
    // Wakes the wait below when the context is done; the wait itself is bounded.
    const context::StopFunc wake =
        context::AfterFunc(r.Context(), [this] { state_.Update([](State&) {}); });
    const bool released = state_.WaitUntil(std::chrono::seconds(10), [&](const State& state) {
      return state.released.contains(name) || r.Context().Err();
    }) && !r.Context().Err();
    wake();  // stopped, or already run: it touches nothing after this handler returns
    if (released) w.Write(name + " answered");
    state_.Update([&](State& state) {
      state.ended[name] = released ? std::error_code{} : context::Cause(r.Context());
    });
  }

  spies::WatchedState<State> state_;
};

}  // namespace server_test
