#include "context/context.h"

#include <chrono>
#include <memory>
#include <ostream>
#include <string_view>
#include <vector>

#include "context/detail/node.h"
#include "recycling_allocator.h"

namespace context {
namespace detail {

Node::~Node() {
  // Releasing parent_ may destroy the parent, whose destructor releases its own parent, and so on
  // up the chain. Up to kMaxNesting levels that recursion is fine (and costs nothing); deeper
  // ones hand their parent to the outermost destructor on this thread, which releases what it
  // was handed in a loop. So the stack stays shallow however long the chain.
  constexpr int kMaxNesting = 32;
  thread_local int nesting = 0;
  thread_local std::vector<std::shared_ptr<const Node>>* handed_over = nullptr;
  // No parent, or one nobody owns (the immortal roots, see MakeRoot): releasing it frees
  // nothing, and a context made on Background() skips the hand-over below.
  if (parent_.use_count() == 0) return;
  if (nesting == kMaxNesting) {
    handed_over->push_back(std::move(parent_));
    return;
  }
  ++nesting;
  if (nesting == 1) {
    std::vector<std::shared_ptr<const Node>> parents;  // allocates only for a deep chain
    handed_over = &parents;
    parent_.reset();
    while (!parents.empty()) {
      auto parent = std::move(parents.back());
      parents.pop_back();
      parent.reset();
    }
    handed_over = nullptr;
  } else {
    parent_.reset();
  }
  --nesting;
}

const std::shared_ptr<const Node>& Access::NodeOf(const Context& ctx) noexcept {
  return ctx.node_;
}

Context Access::MakeContext(std::shared_ptr<const Node> node) {
  return Context(std::move(node));
}

namespace {

// A root lives as long as the program: it is made once and never freed, and its shared_ptr has
// no control block (the aliasing constructor with an empty owner). So copying Background(), and
// every child that holds it as its parent, costs no reference count at all. Threads making
// contexts on Background() at the same time would otherwise all write that one count, and its
// cache line would travel from core to core on every WithTimeout and every cancel.
std::shared_ptr<const Node> MakeRoot() {
  const Node* immortal = new Node(nullptr, nullptr, std::nullopt);  // never deleted, on purpose
  return std::shared_ptr<const Node>(std::shared_ptr<void>(), immortal);
}

std::shared_ptr<CancelNode> MakeCancelNode(const Context& parent) {
  const auto& parent_node = Access::NodeOf(parent);
  auto node = std::allocate_shared<CancelNode>(RecyclingAllocator<CancelNode>(), parent_node,
                                               parent_node->deadline, false);
  node->Attach(node);
  return node;
}

// `now`: a clock reading made just before, against which the deadline is judged past or not.
std::shared_ptr<CancelNode> MakeDeadlineNode(const Context& parent, TimePoint now,
                                             TimePoint deadline, std::error_code deadline_cause) {
  auto node = std::allocate_shared<CancelNode>(
      RecyclingAllocator<CancelNode>(), Access::NodeOf(parent), deadline, true, deadline_cause);
  node->Attach(node, now);
  return node;
}

// The pointer that owns `canceler`, found from `node`, a context whose canceler it is: `node`
// itself or one of its ancestors. Holding it (or a weak reference to it) holds that node.
std::shared_ptr<CancelNode> OwnerOf(const std::shared_ptr<const Node>& node, CancelNode* canceler) {
  const std::shared_ptr<const Node>* link = &node;
  while (link->get() != canceler) link = &(*link)->parent();
  return std::shared_ptr<CancelNode>(*link, canceler);  // shares the owner's reference count
}

}  // namespace
}  // namespace detail

using detail::Access;

Context::Context() : Context(Background()) {}

Context Background() {
  static const auto root = detail::MakeRoot();
  return Access::MakeContext(root);
}

Context TODO() {
  static const auto root = detail::MakeRoot();
  return Access::MakeContext(root);
}

void CancelFunc::operator()() const {
  node_->Cancel(errc::canceled, {});
}

void CancelCauseFunc::operator()(std::error_code cause) const {
  node_->Cancel(errc::canceled, cause);
}

std::pair<Context, CancelFunc> WithCancel(const Context& parent) {
  auto node = detail::MakeCancelNode(parent);
  return {Access::MakeContext(node), Access::MakeFunc<CancelFunc>(std::move(node))};
}

std::pair<Context, CancelCauseFunc> WithCancelCause(const Context& parent) {
  auto node = detail::MakeCancelNode(parent);
  return {Access::MakeContext(node), Access::MakeFunc<CancelCauseFunc>(std::move(node))};
}

std::pair<Context, CancelFunc> WithDeadline(const Context& parent, TimePoint deadline) {
  return WithDeadlineCause(parent, deadline, {});
}

std::pair<Context, CancelFunc> WithDeadlineCause(const Context& parent, TimePoint deadline,
                                                 std::error_code cause) {
  return detail::WithDeadlineFrom(parent, Clock::now(), deadline, cause);
}

std::pair<Context, CancelFunc> detail::WithDeadlineFrom(const Context& parent, TimePoint now,
                                                        TimePoint deadline, std::error_code cause) {
  // The parent will be done first anyway: a timer of our own would never matter.
  if (const auto earlier = parent.Deadline(); earlier && *earlier <= deadline) {
    return WithCancel(parent);
  }
  auto node = detail::MakeDeadlineNode(parent, now, deadline, cause);
  return {Access::MakeContext(node), Access::MakeFunc<CancelFunc>(std::move(node))};
}

Context WithoutCancel(const Context& parent) {
  return Access::MakeContext(
      std::make_shared<const detail::Node>(Access::NodeOf(parent), nullptr, std::nullopt));
}

std::error_code Cause(const Context& ctx) {
  return Access::NodeOf(ctx)->Cause();
}

StopFunc AfterFunc(const Context& ctx, std::move_only_function<void()> f) {
  auto entry = std::make_shared<detail::AfterFuncEntry>(std::move(f));
  if (detail::CancelNode* canceler = Access::NodeOf(ctx)->canceler(); canceler != nullptr) {
    canceler->AddAfterFunc(entry, detail::OwnerOf(Access::NodeOf(ctx), canceler));
  }
  return Access::MakeFunc<StopFunc>(std::move(entry));
}

bool StopFunc::operator()() const {
  if (!entry_->TryStop()) return false;
  if (const auto owner = entry_->owner.lock()) owner->RemoveAfterFunc(entry_.get());
  return true;
}

namespace {

// The function that made `node`, read off its shape: what a learner calls to make a context.
std::string_view MadeBy(const detail::Node& node) {
  const detail::Node* parent = node.parent().get();
  if (parent == nullptr) return &node == Access::NodeOf(TODO()).get() ? "TODO" : "Background";
  if (node.HoldsValue()) return "WithValue";
  if (static_cast<const detail::Node*>(node.canceler()) != &node) return "WithoutCancel";
  return node.deadline != parent->deadline ? "WithDeadline" : "WithCancel";
}

}  // namespace

void PrintTo(const Context& ctx, std::ostream* os) {
  *os << "Context{";
  if (const auto err = ctx.Err()) {
    *os << "done: " << err.message();
  } else {
    *os << (ctx.Done().stop_possible() ? "live" : "never done");
  }
  if (const auto deadline = ctx.Deadline()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
    *os << ", deadline in " << left.count() << "ms";
  }
  // The ancestry, nearest first: enough links to tell Background() from the request's context,
  // few enough that a context a thousand levels deep still prints as one line.
  constexpr int kLinksShown = 6;
  *os << "; ";
  int links = 0;
  for (const detail::Node* node = Access::NodeOf(ctx).get(); node != nullptr;
       node = node->parent().get(), ++links) {
    if (links == kLinksShown) {
      int rest = 0;
      for (; node != nullptr; node = node->parent().get()) ++rest;
      *os << " <- " << rest << " more";
      break;
    }
    *os << (links == 0 ? "" : " <- ") << MadeBy(*node);
  }
  *os << "}";
}

}  // namespace context
