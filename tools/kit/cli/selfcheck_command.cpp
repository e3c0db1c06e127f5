// kit_cli selfcheck NN --manifest chapters.toml --exercise build/dev/chapters/chNN_exercise
// The ctest test selfcheck.chNN: the untouched exercise fails exactly as chapters.toml says.
#include <fmt/core.h>

#include "commands.h"
#include "selfcheck.h"

namespace kit {

int RunSelfCheck(const SelfCheckOptions& options) {
  const auto manifest = LoadManifest(options.manifest);
  if (!manifest) {
    fmt::print(stderr, "selfcheck: {}\n", manifest.error());
    return 1;
  }
  const Chapter* chapter = manifest->Find(options.chapter);
  if (chapter == nullptr) {
    fmt::print(stderr, "selfcheck: {} has no chapter {}\n", options.manifest.string(),
               options.chapter);
    return 1;
  }
  const auto run = RunTests({.program = options.exercise,
                             .timeout_per_test = chapter->timeout,
                             .hang_diagnosis = chapter->hang_diagnosis,
                             .environment = {}});
  if (!run) {
    fmt::print(stderr, "selfcheck: chapter {}: {}\n", chapter->number, run.error());
    return 1;
  }
  const auto problems = SelfCheckProblems(*chapter, *run);
  for (const auto& problem : problems) fmt::print("{}\n", problem);
  if (!problems.empty()) return 1;
  fmt::print(
      "chapter {}: the exercise starts as chapters.toml says: {} failing as expected, {} "
      "passing\n",
      chapter->number, run->CountWith(TestResult::Status::kFailed),
      run->CountWith(TestResult::Status::kPassed));
  return 0;
}

}  // namespace kit
