// The nodes behind context::Context. Not part of the API: include "context/context.h".
//
// A context is an immutable chain of nodes, each holding its parent. Three kinds:
//   - the root (Background/TODO) and WithoutCancel: never done;
//   - CancelNode (WithCancel/WithDeadline...): owns a std::stop_source (made on the first
//     Done()) and a list of the cancel nodes below it, so that cancelling it is one walk over
//     that list, with no stop_callback (and so no futex wake) per link;
//   - ValueNode (WithValue): one key and one value.
// Every node knows its nearest CancelNode, so Done() and Err() never walk the chain.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <system_error>
#include <utility>
#include <vector>

#include "context/detail/short_lock.h"
#include "context/errors.h"
#include "context/types.h"

namespace context {
class Context;
}  // namespace context

namespace context::detail {

// One distinct address per key type: the identity of a key, with no RTTI involved.
template <class Key>
const void* KeyId() noexcept {
  static constexpr char id = 0;
  return &id;
}

class CancelNode;
class DeadlineTimer;

class Node {
 public:
  // The parent is taken by reference and copied once, in place: a shared_ptr passed by value is
  // a temporary on the caller's stack, written there and read back by the move (see the note on
  // -fno-tree-slp-vectorize in lib/context/CMakeLists.txt for what such a round trip costs).
  Node(const std::shared_ptr<const Node>& parent, CancelNode* canceler,
       const std::optional<TimePoint>& deadline, const void* key = nullptr)
      : parent_(parent),
        canceler_(canceler),
        values_above_(parent_ == nullptr         ? nullptr
                      : parent_->key_ != nullptr ? parent_.get()
                                                 : parent_->values_above_),
        deadline(deadline),
        key_(key) {}
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Releases the chain of ancestors without recursion: dropping the last reference to a chain of
  // a million contexts must not need a million stack frames.
  virtual ~Node();

  const std::stop_token& Done() const noexcept;
  std::error_code Err() const noexcept;
  std::error_code Cause() const;

  // The address of the value stored under `key` by this node or the nearest ancestor.
  // Only value nodes are visited: the cancel nodes in between hold no value, and a parent that
  // many threads derive contexts from has its reference count, written by all of them, on the
  // same cache line as its own fields, so reading it would wait for that line.
  const void* Lookup(const void* key) const noexcept {
    for (const Node* node = key_ != nullptr ? this : values_above_; node != nullptr;
         node = node->values_above_) {
      if (node->key_ == key) return node->value_;
    }
    return nullptr;
  }

  const std::shared_ptr<const Node>& parent() const noexcept { return parent_; }
  CancelNode* canceler() const noexcept { return canceler_; }
  bool HoldsValue() const noexcept { return key_ != nullptr; }

 protected:
  void set_value(const void* value) noexcept { value_ = value; }

 private:
  std::shared_ptr<const Node> parent_;
  CancelNode* canceler_;      // nearest cancellable node, this one included; null: never done
  const Node* values_above_;  // nearest value node among the ancestors (parent_ owns it); or null

 public:
  const std::optional<TimePoint> deadline;

 private:
  const void* key_;
  const void* value_ = nullptr;
};

template <class T>
class ValueNode final : public Node {
 public:
  ValueNode(const std::shared_ptr<const Node>& parent, const void* key, T value)
      : Node(parent, parent->canceler(), parent->deadline, key), value_(std::move(value)) {
    set_value(&value_);
  }

 private:
  T value_;
};

// What AfterFunc registered: run once when the context is done, unless stopped first.
struct AfterFuncEntry {
  enum class State : std::uint8_t { kPending, kStarted, kStopped };

  explicit AfterFuncEntry(std::move_only_function<void()> fn) : f(std::move(fn)) {}
  bool TryStart() {
    auto expected = State::kPending;
    return state.compare_exchange_strong(expected, State::kStarted);
  }
  bool TryStop() {
    auto expected = State::kPending;
    return state.compare_exchange_strong(expected, State::kStopped);
  }

  std::atomic<State> state{State::kPending};
  std::move_only_function<void()> f;
  std::weak_ptr<CancelNode> owner;
};

class CancelNode final : public Node {
 public:
  // `deadline` is this node's own deadline when `owns_deadline` (WithDeadline...),
  // otherwise the deadline inherited from the parent.
  CancelNode(const std::shared_ptr<const Node>& parent, const std::optional<TimePoint>& deadline,
             bool owns_deadline, std::error_code deadline_cause = {});
  CancelNode(const CancelNode&) = delete;
  CancelNode& operator=(const CancelNode&) = delete;
  ~CancelNode() override;

  // Done(): the token is made by the first call, as Go makes a context's channel on the first
  // Done(). Most contexts are cancelled without anyone having asked (a chain built and dropped,
  // a child cancelled by its deferred cancel), and a std::stop_source is a second allocation
  // besides the node. Running out of memory here ends the program (Done() is noexcept).
  const std::stop_token& token() noexcept {
    if (has_stop_source_.load(std::memory_order_acquire)) return token_;
    return MakeToken();
  }
  // Err() and Cause() are empty until Done() is signalled, and set once it is, as in Go: a
  // context is never seen with an error but without its stop request, nor the other way round.
  // err_ and cause_ are written once, under mutex_, before the stop request and before
  // err_published_, and those publish them (release, read here with acquire).
  std::error_code err() const noexcept { return Signalled() ? err_ : std::error_code{}; }
  std::error_code cause() const noexcept { return Signalled() ? cause_ : std::error_code{}; }

  // Links this node under its nearest cancellable ancestor (or cancels it at once if that one is
  // already done) and arms the deadline, or expires it at once if `now` is past the deadline.
  // Called once, before the node is shared; `self` is the pointer that owns this node.
  void Attach(const std::shared_ptr<CancelNode>& self, TimePoint now = {});

  // Cancels this node and every node below it. Only the first call has an effect; a call that
  // loses a race returns only once the winner has finished, so that after any cancel() the
  // whole subtree is done (as in Go).
  void Cancel(errc err, std::error_code cause);
  // Called by the shared timer thread when the deadline passes.
  void Expire() { Cancel(errc::deadline_exceeded, deadline_cause_); }

  // AfterFunc support: runs the entry now if already done, otherwise keeps it until Cancel.
  // `self`: this node, so that stopping the entry can find it again while it lives.
  void AddAfterFunc(const std::shared_ptr<AfterFuncEntry>& entry, std::weak_ptr<CancelNode> self);
  void RemoveAfterFunc(const AfterFuncEntry* entry);

  // For tests and diagnostics: the contexts currently linked below this one.
  std::size_t ChildCount();

 private:
  // Marks this node done and takes what must be cancelled with it. False if it already was.
  bool MarkDone(errc err, std::error_code cause, std::vector<std::shared_ptr<CancelNode>>& children,
                std::vector<std::shared_ptr<AfterFuncEntry>>& after_funcs);
  // Stops the timer, requests stop on Done() and runs the after-funcs: no lock may be held.
  // Users' callbacks must not throw: noexcept turns a throw into std::terminate at its source.
  void Finish(std::vector<std::shared_ptr<AfterFuncEntry>>& after_funcs) noexcept;
  void MarkFinished() noexcept;
  // Attach's path for a node whose ancestor is already done.
  void BornDone(const CancelNode& ancestor) noexcept;
  const std::stop_token& MakeToken() noexcept;
  // Whether Done() is signalled, or would be if someone asked for it. err_published_ is set only
  // once the stop is requested (if there is a stop source); a thread that sees the stop request
  // before that flag sees it through the token.
  bool Signalled() const noexcept {
    return err_published_.load(std::memory_order_acquire) ||
           (has_stop_source_.load(std::memory_order_acquire) && token_.stop_requested());
  }
  void UnlinkFromParent();

  // Empty until the first Done() (MakeToken), then written once, under mutex_, before
  // has_stop_source_ is set; never written again.
  std::stop_source source_{std::nostopstate};
  std::stop_token token_;
  std::atomic<bool> has_stop_source_{false};
  std::atomic<bool> err_published_{false};  // set once done, after the stop request
  std::atomic<bool> finished_{false};       // set once this node and its subtree are all done
  // This node, for whoever finds it through a raw pointer (its ancestor's list of children, the
  // timer's heap) and must keep it alive while cancelling it: lock() fails once the last owner
  // is gone (the node then waits in its destructor for the finder's lock, to unlink itself).
  // Set in Attach only if the node is linked or armed: a weak reference costs an atomic
  // increment at the start and two more at the end, which a context made on Background() and
  // one born done never pay (std::enable_shared_from_this made every node pay them).
  std::weak_ptr<CancelNode> self_;
  std::error_code err_;    // Canceled or DeadlineExceeded, once done
  std::error_code cause_;  // why, once done
  const std::error_code deadline_cause_;
  const bool owns_deadline_;

  ShortLock mutex_;    // guards the fields below, and the sibling links of our children
  bool done_ = false;  // set by the one Cancel that wins
  CancelNode* first_child_ = nullptr;
  std::vector<std::shared_ptr<AfterFuncEntry>> after_funcs_;

  // Our place in the child list of `registered_with_`, guarded by that node's mutex_.
  // registered_with_ itself is written only by this node: in Attach, before it is shared, and
  // when it unlinks itself.
  CancelNode* registered_with_ = nullptr;
  CancelNode* prev_sibling_ = nullptr;
  CancelNode* next_sibling_ = nullptr;
  bool linked_ = false;

  // Our place in the deadline timer (src/timer.h), when we own a deadline: the shard we were
  // armed in, written once before the node is shared, and our index in that shard's heap,
  // guarded by the shard's mutex (kNotArmed once the deadline is disarmed or has fired).
  friend class DeadlineTimer;
  static constexpr std::size_t kNotArmed = static_cast<std::size_t>(-1);
  std::size_t timer_index_ = kNotArmed;
  std::size_t timer_shard_ = 0;
};

inline const std::stop_token& Node::Done() const noexcept {
  static const std::stop_token never_done;
  return canceler_ != nullptr ? canceler_->token() : never_done;
}
inline std::error_code Node::Err() const noexcept {
  return canceler_ != nullptr ? canceler_->err() : std::error_code{};
}
inline std::error_code Node::Cause() const {
  return canceler_ != nullptr ? canceler_->cause() : std::error_code{};
}

// For tests and diagnostics: how many deadlines the shared timer is waiting for.
std::size_t PendingDeadlineCount();

// The one door between the public classes and the nodes; defined in context.h.
struct Access;

}  // namespace context::detail
