#include <algorithm>

#include "context/detail/node.h"
#include "timer.h"

namespace context::detail {

CancelNode::CancelNode(const std::shared_ptr<const Node>& parent,
                       const std::optional<TimePoint>& deadline, bool owns_deadline,
                       std::error_code deadline_cause)
    : Node(parent, this, deadline),
      deadline_cause_(deadline_cause),
      owns_deadline_(owns_deadline) {}

CancelNode::~CancelNode() {
  // A context dropped without being cancelled leaves nothing behind: not a link in its parent's
  // list (Go keeps it there until the parent is done), not a pending timer.
  UnlinkFromParent();
  // Even when done: a cancel from another thread can disarm the node in the middle of Attach,
  // before Attach arms it (see DeadlineTimer::Arm). The timer must not keep a freed node.
  if (owns_deadline_) DeadlineTimer::Instance().Disarm(*this);
}

void CancelNode::Attach(const std::shared_ptr<CancelNode>& self, TimePoint now) {
  // Before the node is linked below its parent, after which another thread can cancel it.
  if (owns_deadline_) timer_shard_ = DeadlineTimer::ShardOfThisThread();
  CancelNode* const ancestor = parent()->canceler();
  // An ancestor whose cancel has finished publishing its error is read without its lock: a
  // chain built under a closed context takes no lock at all.
  if (ancestor != nullptr && ancestor->err_published_.load(std::memory_order_acquire)) {
    BornDone(*ancestor);
    return;
  }
  // From here on the node can be found through a raw pointer (see self_).
  if (ancestor != nullptr || owns_deadline_) self_ = self;
  if (ancestor != nullptr) {
    std::unique_lock lock(ancestor->mutex_);
    if (ancestor->done_) {
      BornDone(*ancestor);
      return;
    }
    next_sibling_ = ancestor->first_child_;
    if (next_sibling_ != nullptr) next_sibling_->prev_sibling_ = this;
    ancestor->first_child_ = this;
    registered_with_ = ancestor;
    linked_ = true;
  }
  if (owns_deadline_) {
    if (now >= *deadline) {
      Expire();
    } else {
      DeadlineTimer::Instance().Arm(*this);
    }
  }
}

void CancelNode::BornDone(const CancelNode& ancestor) noexcept {
  // No other thread can see this node yet: no stop token, stop callback, after-func, child or
  // competing cancel can exist, so it is marked done directly, without Cancel's locks, work
  // lists and wake-up. The first Done() will make a token already stopped. The ancestor's
  // err_ and cause_ are final: it is done (its done_, read under its lock, or its
  // err_published_, read with acquire, says so).
  done_ = true;
  err_ = ancestor.err_;
  cause_ = ancestor.cause_;
  err_published_.store(true, std::memory_order_release);
  finished_.store(true, std::memory_order_relaxed);  // nobody can be waiting for it yet
}

bool CancelNode::MarkDone(errc err, std::error_code cause,
                          std::vector<std::shared_ptr<CancelNode>>& children,
                          std::vector<std::shared_ptr<AfterFuncEntry>>& after_funcs) {
  const std::scoped_lock lock(mutex_);
  if (done_) return false;
  done_ = true;
  err_ = make_error_code(err);
  cause_ = cause;
  for (CancelNode* child = first_child_; child != nullptr; child = child->next_sibling_) {
    child->linked_ = false;
    // A child whose last owner is gone is in its destructor, waiting for our lock: skip it.
    if (auto alive = child->self_.lock()) children.push_back(std::move(alive));
  }
  first_child_ = nullptr;
  after_funcs.swap(after_funcs_);
  return true;
}

namespace {
// Whether this thread is inside a Cancel: a stop callback or an after-func that cancels a context
// of the same tree must not wait for the cancellation it is part of.
thread_local int cancels_in_progress = 0;
}  // namespace

void CancelNode::Cancel(errc err, std::error_code cause) {
  if (!cause) cause = make_error_code(err);
  std::vector<std::shared_ptr<CancelNode>> pending;
  std::vector<std::shared_ptr<AfterFuncEntry>> after_funcs;
  if (!MarkDone(err, cause, pending, after_funcs)) {
    if (cancels_in_progress == 0) finished_.wait(false, std::memory_order_acquire);
    return;
  }
  ++cancels_in_progress;
  UnlinkFromParent();
  Finish(after_funcs);
  // Then the whole subtree, from one work list rather than one recursion per level: a chain of
  // thousands of contexts must not exhaust the stack. MarkDone already unlinked these children.
  std::vector<std::shared_ptr<CancelNode>> cancelled;
  std::vector<std::shared_ptr<CancelNode>> cancelled_elsewhere;
  while (!pending.empty()) {
    std::shared_ptr<CancelNode> child = std::move(pending.back());
    pending.pop_back();
    if (child->MarkDone(err, cause, pending, after_funcs)) {
      child->Finish(after_funcs);
      cancelled.push_back(std::move(child));
    } else {
      cancelled_elsewhere.push_back(std::move(child));
    }
  }
  --cancels_in_progress;
  // A child another thread is cancelling at this very moment: its subtree is part of ours.
  if (cancels_in_progress == 0) {
    for (const auto& node : cancelled_elsewhere)
      node->finished_.wait(false, std::memory_order_acquire);
  }
  // Release whoever lost a race to cancel one of these (rare: a wake costs nothing unwatched).
  for (const auto& node : cancelled) node->MarkFinished();
  MarkFinished();
}

void CancelNode::MarkFinished() noexcept {
  finished_.store(true, std::memory_order_release);
  finished_.notify_all();
}

const std::stop_token& CancelNode::MakeToken() noexcept {
  const std::scoped_lock lock(mutex_);
  if (!has_stop_source_.load(std::memory_order_relaxed)) {  // another thread may have made it
    source_ = std::stop_source();
    // Already done (MarkDone ran, under this lock): the token is born stopped. Finish may or may
    // not see the source and request stop again; a second request does nothing.
    if (done_) source_.request_stop();
    token_ = source_.get_token();
    has_stop_source_.store(true, std::memory_order_release);
  }
  return token_;
}

void CancelNode::Finish(std::vector<std::shared_ptr<AfterFuncEntry>>& after_funcs) noexcept {
  if (owns_deadline_) DeadlineTimer::Instance().Disarm(*this);
  // No lock is held here: request_stop runs the users' stop_callbacks, and the after-funcs are
  // the users' functions. A token made before MarkDone is seen here (MarkDone took the lock
  // MakeToken held); one made after it was born stopped.
  if (has_stop_source_.load(std::memory_order_acquire)) source_.request_stop();
  err_published_.store(true, std::memory_order_release);
  for (const auto& entry : after_funcs) {
    if (entry->TryStart()) entry->f();
  }
  after_funcs.clear();
}

void CancelNode::UnlinkFromParent() {
  CancelNode* const parent = registered_with_;
  if (parent == nullptr) return;
  const std::scoped_lock lock(parent->mutex_);
  // Only this node writes registered_with_ after Attach: clearing it spares the destructor a
  // second visit to the parent's lock.
  registered_with_ = nullptr;
  if (!linked_) return;
  if (prev_sibling_ != nullptr) {
    prev_sibling_->next_sibling_ = next_sibling_;
  } else {
    parent->first_child_ = next_sibling_;
  }
  if (next_sibling_ != nullptr) next_sibling_->prev_sibling_ = prev_sibling_;
  prev_sibling_ = next_sibling_ = nullptr;
  linked_ = false;
}

void CancelNode::AddAfterFunc(const std::shared_ptr<AfterFuncEntry>& entry,
                              std::weak_ptr<CancelNode> self) {
  {
    const std::scoped_lock lock(mutex_);
    if (!done_) {
      entry->owner = std::move(self);
      after_funcs_.push_back(entry);
      return;
    }
  }
  if (entry->TryStart()) entry->f();
}

void CancelNode::RemoveAfterFunc(const AfterFuncEntry* entry) {
  const std::scoped_lock lock(mutex_);
  std::erase_if(after_funcs_, [entry](const auto& e) { return e.get() == entry; });
}

std::size_t CancelNode::ChildCount() {
  const std::scoped_lock lock(mutex_);
  std::size_t count = 0;
  for (const CancelNode* child = first_child_; child != nullptr; child = child->next_sibling_) {
    ++count;
  }
  return count;
}

}  // namespace context::detail
