// The kit's promise about every chapter: on the untouched exercise, exactly the tests listed in
// chapters.toml's failing_at_start fail, each by an assertion, and every other test passes.
#pragma once

#include <string>
#include <vector>

#include "manifest.h"
#include "test_run.h"

namespace kit {

// One sentence per broken promise, naming the chapter and the test; empty when all is well.
std::vector<std::string> SelfCheckProblems(const Chapter& chapter, const TestRun& run);

}  // namespace kit
