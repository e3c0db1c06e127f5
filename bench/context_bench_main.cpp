// context_bench's main(): Google Benchmark's own, with a shorter default minimum time per run.
//
// Go runs a benchmark for at least one second, Google Benchmark for half a second: far longer than
// these sub-microsecond ops need. A quarter of a second keeps five repetitions of the whole suite
// under two minutes on a 2-core machine. A --benchmark_min_time given on the command line still
// wins, because it comes later. (Benchmark::MinTime() would also do, but it adds "/min_time:0.250"
// to every name, and the names are meant to read like Go's.)
#include <benchmark/benchmark.h>

#include <vector>

int main(int argc, char** argv) {
  static char default_min_time[] = "--benchmark_min_time=0.25";
  std::vector<char*> args(argv, argv + argc);
  args.insert(args.begin() + 1, default_min_time);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);  // argv[argc] is null, as in the real one

  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
