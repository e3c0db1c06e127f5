// One op of a context benchmark, run N times on one thread, for callgrind to count its
// instructions: bench/count_instructions.sh runs it with N and 2N and prints the difference
// divided by N, the instructions of one op, which hold whatever the machine's load (a time
// does not). The ops are those of context_bench.cpp, without Google Benchmark around them.
//
//   context_instructions CancelTree/Background|OpenCanceler|ClosedCanceler DEPTH N
//   context_instructions CommonParentCancel N     (one thread: no cache line moves)
//   context_instructions WithTimeout N            (10 WithTimeout and their 10 cancels per op)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "context/context.h"

namespace {

using namespace std::chrono_literals;

struct Greeting {
  using type = std::string;
};

void BuildContextTree(context::Context root, int depth) {
  for (int d = 0; d < depth; ++d) root = context::WithCancel(root).first;
}

void CancelTree(std::string_view root, int depth, long ops) {
  for (long i = 0; i < ops; ++i) {
    if (root == "Background") {
      BuildContextTree(context::Background(), depth);
      continue;
    }
    const auto [ctx, cancel] = context::WithCancel(context::Background());
    if (root == "ClosedCanceler") {
      cancel();
      BuildContextTree(ctx, depth);
    } else {
      BuildContextTree(ctx, depth);
      cancel();
    }
  }
}

void CommonParentCancel(long ops) {
  const auto [parent, cancel_parent] =
      context::WithCancel(context::WithValue<Greeting>(context::Background(), "value"));
  for (long i = 0; i < ops; ++i) {
    const auto [ctx, cancel] = context::WithCancel(parent);
    if (ctx.Value<Greeting>() == nullptr) std::abort();
    cancel();
  }
  cancel_parent();
}

void WithTimeout(long ops) {
  std::vector<context::CancelFunc> waiting;  // concurrency=40, split between two threads
  for (int i = 0; i < 20; ++i)
    waiting.push_back(context::WithTimeout(context::Background(), 1h).second);
  std::vector<context::CancelFunc> cancels;
  cancels.reserve(10);
  for (long i = 0; i < ops; ++i) {
    for (int k = 0; k < 10; ++k) {
      cancels.push_back(context::WithTimeout(context::Background(), 1h).second);
    }
    for (const auto& cancel : cancels) cancel();
    cancels.clear();
  }
  for (const auto& cancel : waiting) cancel();
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0].starts_with("CancelTree/")) {
    CancelTree(args[0].substr(11), std::atoi(argv[2]), std::atol(argv[3]));
  } else if (args.size() == 2 && args[0] == "CommonParentCancel") {
    CommonParentCancel(std::atol(argv[2]));
  } else if (args.size() == 2 && args[0] == "WithTimeout") {
    WithTimeout(std::atol(argv[2]));
  } else {
    std::fputs(
        "usage: context_instructions CancelTree/ROOT DEPTH N | CommonParentCancel N | "
        "WithTimeout N\n",
        stderr);
    return 2;
  }
  return 0;
}
