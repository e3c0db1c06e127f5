// Go's context benchmarks (src/context/benchmark_test.go), one for one, in the same order and under
// the same names, so that the two files and their results can be read side by side.
//
// How Go's benchmark harness maps onto Google Benchmark:
//   - `for i := 0; i < b.N; i++ { body }`  ->  `for (auto _ : state) { body }`.
//   - `b.RunParallel(func(pb) { for pb.Next() { body } })` runs the body on GOMAXPROCS goroutines
//     (the number of cores) and reports wall time divided by the ops of all goroutines together.
//     Here: ->Threads(cores)->UseRealTime(); Google Benchmark then divides the wall time by the
//     iterations of all threads, which is the same figure.
//   - Each function has the name of its Go twin (BenchmarkCancelTree), and each result the name Go
//     prints ("CancelTree/depth=10/Root=Background"); Google Benchmark appends
//     "/real_time/threads:N" to the parallel ones.
//   - Go frees what an op allocated later, in the garbage collector, and charges that to ns/op
//     only on average. Here every Context and CancelFunc an op made is released inside the op, so
//     our ns/op always includes the frees.
//   - `ctx.Value(-1)` and `select { case <-ctx.Done(): default: }` produce no result for Go's
//     compiler to drop; in C++ the results go through benchmark::DoNotOptimize for the same reason.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "context/context.h"

namespace {

using namespace std::chrono_literals;

// Go's b.RunParallel uses GOMAXPROCS goroutines, which defaults to the number of cores.
int RunParallelThreads() {
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

// Go's busy loop `for i := 0; i < 100; i++ { x /= x + 1 }`, twice per op, with x starting at 0.
// Go's compiler (sparse conditional constant propagation, since Go 1.21) can prove that x stays 0
// and drop the divisions, and its figure for CommonParentCancel says it does: 200 real 64-bit
// divisions would cost more CPU time than Go's whole op. GCC and Clang prove the same and drop
// them too, so the loop is written here as in Go and left to the compiler, not forced into the
// binary with benchmark::DoNotOptimize, which would compare our divisions with none.
void DivideHundredTimes(std::int64_t& x) {
  for (int i = 0; i < 100; ++i) x /= x + 1;
}

// ---------------------------------------------------------------------------------------------
// BenchmarkCommonParentCancel: every thread creates and cancels children of one shared parent,
// so they contend for that parent's list of children.
// Go: a string key "key"; here the typed key Greeting. Go type-asserts the value to a string and
// fails the benchmark on a mismatch; here a missing or wrong value marks the benchmark as failed.

struct Greeting {
  using type = std::string;
};

// The threads of a parallel benchmark share one parent. Thread 0 makes it before the loop and
// cancels it after; Google Benchmark starts no thread's loop before all threads reach it, and
// lets none leave it before all are done, so the other threads only touch it inside the loop.
std::optional<std::pair<context::Context, context::CancelFunc>> shared_parent;

void BenchmarkCommonParentCancel(benchmark::State& state) {
  if (state.thread_index() == 0) {
    const context::Context root = context::WithValue<Greeting>(context::Background(), "value");
    shared_parent = context::WithCancel(root);
  }
  std::int64_t x = 0;
  for (auto _ : state) {
    const auto [ctx, cancel] = context::WithCancel(shared_parent->first);
    if (const std::string* greeting = ctx.Value<Greeting>();
        greeting == nullptr || *greeting != "value") {
      // No `break`: the other threads use the shared parent until every thread has reached
      // the end of the loop, and a thread that breaks out of it does not wait for them.
      state.SkipWithError("should not be reached");
    }
    DivideHundredTimes(x);
    cancel();
    DivideHundredTimes(x);
  }
  if (state.thread_index() == 0) {
    shared_parent->second();
    shared_parent.reset();
  }
}
BENCHMARK(BenchmarkCommonParentCancel)
    ->Name("CommonParentCancel")
    ->Threads(RunParallelThreads())
    ->UseRealTime();

// ---------------------------------------------------------------------------------------------
// BenchmarkWithTimeout/concurrency=N: N contexts with a one-hour timeout already wait in the
// timer (made before the clock starts, split between the threads, as Go splits them between its
// Ps); then one op is 10 WithTimeout(Background(), 1h) followed by their 10 cancels, per thread.
// Go also runs concurrency=400000; its setup alone would take most of this suite's time budget.

void BenchmarkWithTimeout(benchmark::State& state, std::size_t concurrent_contexts) {
  const context::Context root = context::Background();

  std::vector<context::CancelFunc> waiting;  // this thread's share of the N waiting contexts
  waiting.reserve(concurrent_contexts / static_cast<std::size_t>(state.threads()));
  while (waiting.size() < waiting.capacity()) {
    waiting.push_back(context::WithTimeout(root, 1h).second);
  }

  std::vector<context::CancelFunc> cancels;  // Go's wcf: reused by every op
  cancels.reserve(10);
  for (auto _ : state) {
    for (int i = 0; i < 10; ++i) cancels.push_back(context::WithTimeout(root, 1h).second);
    for (const context::CancelFunc& cancel : cancels) cancel();
    cancels.clear();
  }

  for (const context::CancelFunc& cancel : waiting) cancel();
}

[[maybe_unused]] const bool with_timeout_registered = [] {
  for (const std::size_t concurrency : {40, 4000}) {
    const std::string name = "WithTimeout/concurrency=" + std::to_string(concurrency);
    benchmark::RegisterBenchmark(name.c_str(), BenchmarkWithTimeout, concurrency)
        ->Threads(RunParallelThreads())
        ->UseRealTime();
  }
  return true;
}();

// ---------------------------------------------------------------------------------------------
// BenchmarkCancelTree/depth=D/Root=R: one op builds a chain of D WithCancel contexts, each the
// child of the one before, under R:
//   Background      a root that is never done, so the first link registers with no one;
//   OpenCanceler    a WithCancel root, cancelled once the chain is built (which cancels all D);
//   ClosedCanceler  a WithCancel root cancelled first, so every link is born cancelled.
// Go drops each link's CancelFunc and leaves the chain to the garbage collector; here dropping
// the last Context at the end of the op frees the whole chain.

// Go's buildContextTree.
void BuildContextTree(context::Context root, int depth) {
  for (int d = 0; d < depth; ++d) root = context::WithCancel(root).first;
}

enum class Root { kBackground, kOpenCanceler, kClosedCanceler };

void BenchmarkCancelTree(benchmark::State& state, int depth, Root root) {
  switch (root) {
    case Root::kBackground:
      for (auto _ : state) BuildContextTree(context::Background(), depth);
      break;
    case Root::kOpenCanceler:
      for (auto _ : state) {
        const auto [ctx, cancel] = context::WithCancel(context::Background());
        BuildContextTree(ctx, depth);
        cancel();
      }
      break;
    case Root::kClosedCanceler:
      for (auto _ : state) {
        const auto [ctx, cancel] = context::WithCancel(context::Background());
        cancel();
        BuildContextTree(ctx, depth);
      }
      break;
  }
}

// Registered in a loop, so that the names can be Go's: "CancelTree/depth=10/Root=Background".
[[maybe_unused]] const bool cancel_tree_registered = [] {
  const std::array roots = {std::pair{Root::kBackground, "Background"},
                            std::pair{Root::kOpenCanceler, "OpenCanceler"},
                            std::pair{Root::kClosedCanceler, "ClosedCanceler"}};
  for (const int depth : {1, 10, 100, 1000}) {
    for (const auto& [root, root_name] : roots) {
      const std::string name =
          "CancelTree/depth=" + std::to_string(depth) + "/Root=" + std::string(root_name);
      benchmark::RegisterBenchmark(name.c_str(), BenchmarkCancelTree, depth, root);
    }
  }
  return true;
}();

// ---------------------------------------------------------------------------------------------
// BenchmarkCheckCanceled/Err and /Done: asking an already cancelled context whether it is done.
// Go's `select { case <-ctx.Done(): default: }` is a non-blocking poll of the channel; its C++
// twin is a poll of the stop token: ctx.Done().stop_requested().

void BenchmarkCheckCanceledErr(benchmark::State& state) {
  const auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  for (auto _ : state) benchmark::DoNotOptimize(ctx.Err());
}
BENCHMARK(BenchmarkCheckCanceledErr)->Name("CheckCanceled/Err");

void BenchmarkCheckCanceledDone(benchmark::State& state) {
  const auto [ctx, cancel] = context::WithCancel(context::Background());
  cancel();
  for (auto _ : state) benchmark::DoNotOptimize(ctx.Done().stop_requested());
}
BENCHMARK(BenchmarkCheckCanceledDone)->Name("CheckCanceled/Done");

// ---------------------------------------------------------------------------------------------
// BenchmarkContextCancelDone: every thread polls Done() of one shared live context.

std::optional<std::pair<context::Context, context::CancelFunc>> shared_live;

void BenchmarkContextCancelDone(benchmark::State& state) {
  // Made by thread 0 before the loop, read by all only inside it (see BenchmarkCommonParentCancel).
  if (state.thread_index() == 0) shared_live = context::WithCancel(context::Background());
  for (auto _ : state) benchmark::DoNotOptimize(shared_live->first.Done().stop_requested());
  if (state.thread_index() == 0) {
    shared_live->second();
    shared_live.reset();
  }
}
BENCHMARK(BenchmarkContextCancelDone)
    ->Name("ContextCancelDone")
    ->Threads(RunParallelThreads())
    ->UseRealTime();

// ---------------------------------------------------------------------------------------------
// BenchmarkDeepValueSameGoRoutine/depth=D (named DeepValueSameThread here): looking up a key that
// no context in a chain of D values holds, so the lookup walks the whole chain.
// Go uses the keys 0..D-1 and looks up -1; typed keys need one type per level: LevelKey<0..D-1>,
// looked up: AbsentKey. (Go's DeepValueNewGoRoutine starts a goroutine per op; an OS thread per
// op would measure thread creation, not contexts, so it has no twin here.)

template <int Level>
struct LevelKey {
  using type = int;
};
struct AbsentKey {
  using type = int;
};

// Background() under the values LevelKey<0> = 0, ..., LevelKey<D-1> = D-1.
template <int... Levels>
context::Context ValueChain(std::integer_sequence<int, Levels...> /*levels*/) {
  context::Context ctx = context::Background();
  ((ctx = context::WithValue<LevelKey<Levels>>(ctx, Levels)), ...);
  return ctx;
}

template <int Depth>
void BenchmarkDeepValueSameThread(benchmark::State& state) {
  const context::Context ctx = ValueChain(std::make_integer_sequence<int, Depth>{});
  for (auto _ : state) benchmark::DoNotOptimize(ctx.Value<AbsentKey>());
}
BENCHMARK_TEMPLATE(BenchmarkDeepValueSameThread, 10)->Name("DeepValueSameThread/depth=10");
BENCHMARK_TEMPLATE(BenchmarkDeepValueSameThread, 20)->Name("DeepValueSameThread/depth=20");
BENCHMARK_TEMPLATE(BenchmarkDeepValueSameThread, 30)->Name("DeepValueSameThread/depth=30");
BENCHMARK_TEMPLATE(BenchmarkDeepValueSameThread, 50)->Name("DeepValueSameThread/depth=50");
BENCHMARK_TEMPLATE(BenchmarkDeepValueSameThread, 100)->Name("DeepValueSameThread/depth=100");

// ---------------------------------------------------------------------------------------------
// BenchmarkWithValue/depth=D: one op builds a chain of D values on Background() (and, here,
// frees it again).

template <int Depth>
void BenchmarkWithValue(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(ValueChain(std::make_integer_sequence<int, Depth>{}));
  }
}
BENCHMARK_TEMPLATE(BenchmarkWithValue, 10)->Name("WithValue/depth=10");
BENCHMARK_TEMPLATE(BenchmarkWithValue, 20)->Name("WithValue/depth=20");
BENCHMARK_TEMPLATE(BenchmarkWithValue, 30)->Name("WithValue/depth=30");
BENCHMARK_TEMPLATE(BenchmarkWithValue, 50)->Name("WithValue/depth=50");
BENCHMARK_TEMPLATE(BenchmarkWithValue, 100)->Name("WithValue/depth=100");

}  // namespace
