// Calling one job for many indices on a few threads: the kit runs several test programs at once
// (a chapter's lanes, the grading's programs), each on a thread that waits for its process.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <type_traits>
#include <vector>

namespace kit {

// Calls job(0) ... job(count - 1) on at most `at_once` threads, each taking the next index as it
// finishes one; the results keep the order of the indices. Returns when every job has.
template <typename Job>
auto RunSideBySide(std::size_t count, std::size_t at_once, const Job& job) {
  std::vector<std::invoke_result_t<const Job&, std::size_t>> results(count);
  std::atomic<std::size_t> next = 0;
  {
    std::vector<std::jthread> workers;
    for (std::size_t i = 0; i < std::min(count, at_once); ++i) {
      workers.emplace_back([&] {
        for (std::size_t index = next++; index < count; index = next++) {
          results[index] = job(index);
        }
      });
    }
  }  // joined here
  return results;
}

}  // namespace kit
