// Random trees of contexts, cancelled from two threads while two others read them. Run it under
// ThreadSanitizer (the tsan preset): a data race or a use-after-free anywhere in the library
// shows up here.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "context/context.h"

namespace {

using namespace std::chrono_literals;

struct Depth {
  using type = int;
};

struct Tree {
  std::vector<context::Context> nodes;
  std::vector<context::CancelFunc> cancels;
};

Tree RandomTree(std::mt19937& random, int size) {
  Tree tree;
  tree.nodes.push_back(context::Background());
  for (int i = 1; i < size; ++i) {
    const auto& parent =
        tree.nodes[std::uniform_int_distribution<std::size_t>(0, tree.nodes.size() - 1)(random)];
    switch (random() % 4) {
      case 0:
        tree.nodes.push_back(context::WithValue<Depth>(parent, i));
        break;
      case 1: {
        auto [ctx, cancel] =
            context::WithTimeout(parent, std::chrono::microseconds(random() % 2000));
        tree.nodes.push_back(ctx);
        tree.cancels.push_back(cancel);
        break;
      }
      case 2:
        tree.nodes.push_back(context::WithoutCancel(parent));
        break;
      default: {
        auto [ctx, cancel] = context::WithCancel(parent);
        tree.nodes.push_back(ctx);
        tree.cancels.push_back(cancel);
      }
    }
  }
  return tree;
}

TEST(Stress, RandomTreesCancelledAndReadFromManyThreads) {
  std::mt19937 random(20261123);
  constexpr int kRounds = 150;
  constexpr int kTreeSize = 120;
  std::atomic<int> after_funcs_run = 0;
  int after_funcs_expected = 0;

  for (int round = 0; round < kRounds; ++round) {
    Tree tree = RandomTree(random, kTreeSize);
    std::vector<context::StopFunc> stops;
    for (std::size_t i = 0; i < tree.nodes.size(); i += 7) {
      stops.push_back(context::AfterFunc(tree.nodes[i], [&after_funcs_run] { ++after_funcs_run; }));
    }

    {
      auto cancel_some = [&tree](std::size_t first) {
        for (std::size_t i = first; i < tree.cancels.size(); i += 2) tree.cancels[i]();
        for (const auto& cancel : tree.cancels) cancel();  // and then everything, racing
      };
      auto read_all = [&tree] {
        for (const auto& ctx : tree.nodes) {
          (void)ctx.Err();
          (void)ctx.Value<Depth>();
          (void)ctx.Deadline();
          (void)context::Cause(ctx);
        }
      };
      auto wait_for_last = [&tree] {
        const auto& ctx = tree.nodes.back();
        std::mutex mutex;
        std::condition_variable_any cv;
        std::unique_lock lock(mutex);
        // Bounded: a context under WithoutCancel is never done.
        cv.wait_for(lock, ctx.Done(), 20ms, [&ctx] { return ctx.Done().stop_requested(); });
      };
      std::jthread canceller_even(cancel_some, 0);
      std::jthread canceller_odd(cancel_some, 1);
      std::jthread reader(read_all);
      std::jthread waiter(wait_for_last);
    }

    // Every context that can be done now is, and each after-func ran exactly once or was stopped.
    for (const auto& ctx : tree.nodes) {
      if (ctx.Done().stop_possible()) {
        EXPECT_TRUE(ctx.Done().stop_requested());
        EXPECT_TRUE(ctx.Err());
      }
    }
    for (const auto& stop : stops) {
      if (!stop()) ++after_funcs_expected;
    }
  }
  EXPECT_EQ(after_funcs_run.load(), after_funcs_expected);
}

}  // namespace
