// Go's context package, in C++, on std::stop_token.
//
// A Context carries a deadline, a cancellation signal and request-scoped values across API
// boundaries and threads. Contexts form a tree: cancelling one cancels everything derived from
// it, never its parent.
//
//   auto [ctx, cancel] = context::WithTimeout(request.Context(), 100ms);
//   auto result = store.Fetch(ctx);          // Fetch stops as soon as ctx is done
//   cancel();                                // always release what the context holds
//
// Go                                  C++
// ctx.Done()  (a channel)             ctx.Done()  (a std::stop_token)
// ctx.Err()   (an error)              ctx.Err()   (a std::error_code, empty until done)
// ctx.Value(key) (an any)             ctx.Value<Key>() (a typed pointer, null when absent)
//
// The rules of use, as in Go:
// - A function that may block or start work takes a `const Context&` as its first parameter.
//   Do not keep a context in a struct that outlives the call (chapter 6 shows why); pass it.
// - Call the cancel function of every WithCancel/WithDeadline/WithTimeout once the work is over,
//   on every path: until then the child stays linked to its parent (and its deadline armed).
// - Values are for request-scoped data that crosses APIs (a trace id), never for a function's
//   required arguments or optional parameters.
// - A Context is immutable and cheap to copy (one shared_ptr); every function here is safe to
//   call from any thread, on the same context, at the same time.
//
// The guarantees a caller relies on:
// - Cancelling is asking: cancel() marks the context and its subtree done and wakes whatever
//   waits on Done(); it does not wait for the work itself to stop. The work must watch Done().
// - When cancel() returns, the whole subtree is done, even if another thread's cancel() won the
//   race: the loser waits for the winner to finish.
// - std::stop_callback's registered on Done() and AfterFunc functions run on the thread that
//   made the context done (the canceller, or the shared timer thread for a deadline), before that
//   cancel() returns. Keep them short; they must not throw.
// - Err() is empty until Done() is signalled, and never changes once set; the first cause wins.
// - StopFunc: stopping an AfterFunc whose function has already started returns false and does
//   not wait for it to finish (as in Go).
//
// Where the kit differs from Go: keys are types (ValueKey), not values; errors are
// std::error_code values that compare equal to std::errc conditions; a timeout too large for the
// clock saturates to "no deadline of its own" instead of overflowing.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stop_token>
#include <system_error>
#include <type_traits>
#include <utility>

#include "context/detail/node.h"
#include "context/errors.h"
#include "context/types.h"  // Clock, TimePoint, ValueKey

namespace context {

class Context {
 public:
  // A default-constructed Context is Background(): never done, no deadline, no values.
  Context();

  // When the context will be done on its own, if it has a deadline.
  std::optional<TimePoint> Deadline() const noexcept { return node_->deadline; }

  // Stop is requested on this token once the context is done. A context that can never be done
  // (Background, WithoutCancel) gives a token with stop_possible() == false.
  // Wait with std::condition_variable_any, react with std::stop_callback.
  const std::stop_token& Done() const noexcept { return node_->Done(); }

  // Empty while the context is live; Canceled or DeadlineExceeded once it is done.
  std::error_code Err() const noexcept { return node_->Err(); }

  // The value stored under Key by the nearest WithValue<Key> up the chain, or nullptr.
  template <ValueKey Key>
  const typename Key::type* Value() const noexcept {
    return static_cast<const typename Key::type*>(node_->Lookup(detail::KeyId<Key>()));
  }

  friend bool operator==(const Context&, const Context&) = default;

 private:
  explicit Context(std::shared_ptr<const detail::Node> node) : node_(std::move(node)) {}
  friend struct detail::Access;

  std::shared_ptr<const detail::Node> node_;
};

// Cancels its context (and everything derived from it). Idempotent, safe from any thread;
// only the first call has an effect. Copyable, like Go's CancelFunc.
class CancelFunc {
 public:
  void operator()() const;

 private:
  explicit CancelFunc(std::shared_ptr<detail::CancelNode> node) : node_(std::move(node)) {}
  friend struct detail::Access;
  std::shared_ptr<detail::CancelNode> node_;
};

// Like CancelFunc, and records why: Cause(ctx) returns the first cause given (Canceled if empty).
class CancelCauseFunc {
 public:
  void operator()(std::error_code cause = {}) const;

 private:
  explicit CancelCauseFunc(std::shared_ptr<detail::CancelNode> node) : node_(std::move(node)) {}
  friend struct detail::Access;
  std::shared_ptr<detail::CancelNode> node_;
};

// Returned by AfterFunc: stops the registration. Returns true if that prevented the function from
// running, false if it had already started (or had already been stopped).
class StopFunc {
 public:
  bool operator()() const;

 private:
  explicit StopFunc(std::shared_ptr<detail::AfterFuncEntry> entry) : entry_(std::move(entry)) {}
  friend struct detail::Access;
  std::shared_ptr<detail::AfterFuncEntry> entry_;
};

namespace detail {
// The one door between the public classes and the nodes.
struct Access {
  static const std::shared_ptr<const Node>& NodeOf(const Context& ctx) noexcept;
  static Context MakeContext(std::shared_ptr<const Node> node);

  template <class Func, class Handle>
  static Func MakeFunc(Handle handle) {
    return Func(std::move(handle));
  }

  template <class Key>
  static Context MakeValue(const Context& parent, typename Key::type value) {
    return MakeContext(std::make_shared<const ValueNode<typename Key::type>>(
        NodeOf(parent), KeyId<Key>(), std::move(value)));
  }
};
}  // namespace detail

// The root of every tree: never done, no deadline, no values.
Context Background();
// Same as Background(); says "the right context is not plumbed through here yet".
Context TODO();

std::pair<Context, CancelFunc> WithCancel(const Context& parent);
std::pair<Context, CancelCauseFunc> WithCancelCause(const Context& parent);

// Done at `deadline` with DeadlineExceeded, or earlier if the parent is done or cancel is called.
// A deadline later than the parent's changes nothing. Deadlines fire from one shared timer thread.
std::pair<Context, CancelFunc> WithDeadline(const Context& parent, TimePoint deadline);
std::pair<Context, CancelFunc> WithDeadlineCause(const Context& parent, TimePoint deadline,
                                                 std::error_code cause);

namespace detail {
// now + timeout, saturated to the clock's range: milliseconds::max() or hours::max(), the usual
// spelling of "no real limit", must mean the far future, not a signed overflow into the past.
template <class Rep, class Period>
TimePoint SaturatingDeadline(TimePoint now, std::chrono::duration<Rep, Period> timeout) {
  using Nanoseconds = std::chrono::duration<long double, std::nano>;
  const long double at = Nanoseconds(now.time_since_epoch()).count() + Nanoseconds(timeout).count();
  if (at >= Nanoseconds(TimePoint::max().time_since_epoch()).count()) return TimePoint::max();
  if (at <= Nanoseconds(TimePoint::min().time_since_epoch()).count()) return TimePoint::min();
  return now + std::chrono::duration_cast<Clock::duration>(timeout);
}

// WithDeadlineCause for a deadline computed from `now`, a clock reading just made: whether the
// deadline is already past is decided against `now`, so the clock is read once per WithTimeout.
std::pair<Context, CancelFunc> WithDeadlineFrom(const Context& parent, TimePoint now,
                                                TimePoint deadline, std::error_code cause);
}  // namespace detail

// Done `timeout` from now; a timeout too large for the clock means no deadline of its own.
template <class Rep, class Period>
std::pair<Context, CancelFunc> WithTimeoutCause(const Context& parent,
                                                std::chrono::duration<Rep, Period> timeout,
                                                std::error_code cause) {
  const TimePoint now = Clock::now();
  return detail::WithDeadlineFrom(parent, now, detail::SaturatingDeadline(now, timeout), cause);
}
template <class Rep, class Period>
std::pair<Context, CancelFunc> WithTimeout(const Context& parent,
                                           std::chrono::duration<Rep, Period> timeout) {
  return WithTimeoutCause(parent, timeout, {});
}

// A child that carries `value` under Key; it shadows any value of the same Key further up.
template <ValueKey Key>
Context WithValue(const Context& parent, typename Key::type value) {
  return detail::Access::MakeValue<Key>(parent, std::move(value));
}

// Keeps the parent's values, but is never done and has no deadline: for work that must outlive
// the request that started it (an audit log written after the response, say).
Context WithoutCancel(const Context& parent);

// Why the context was cancelled: the cause given to a CancelCauseFunc or WithDeadlineCause,
// otherwise the same as Err(). Empty while the context is live.
std::error_code Cause(const Context& ctx);

// Runs `f` once, after `ctx` is done, on the thread that made it done (the canceller, or the
// shared timer thread for deadlines): keep it short and never block in it. If ctx is already
// done, f runs at once on the calling thread.
StopFunc AfterFunc(const Context& ctx, std::move_only_function<void()> f);

// How GoogleTest and GoogleMock print a Context in a failure message: its state, then the
// functions that made it, nearest first, e.g.
//   "Context{live, deadline in 95ms; WithDeadline <- WithValue <- WithCancel <- Background}"
//   "Context{done: context canceled; WithCancel <- Background}"
//   "Context{never done; Background}"  (a handler that passed Background(), not r.Context())
void PrintTo(const Context& ctx, std::ostream* os);

}  // namespace context
