// The kit's promises about every chapter: on the untouched exercise, exactly the tests listed in
// chapters.toml's failing_at_start fail, each by an assertion, and every other test passes; every
// right turn passes; every wrong turn is rejected by the run its header names.
#pragma once

#include <string>
#include <vector>

#include "manifest.h"
#include "test_run.h"
#include "turns.h"

namespace kit {

// One sentence per broken promise, naming the chapter and the test; empty when all is well.
std::vector<std::string> SelfCheckProblems(const Chapter& chapter, const TestRun& run);

// A turn's promise, for a run in the build `build`: a right turn passes every test; a wrong turn
// is rejected by a failing test, a named hang, or (in a sanitizer build) a sanitizer's report --
// never by a plain crash. Empty when the promise holds.
std::vector<std::string> TurnProblems(const Chapter& chapter, const Turn& turn, const TestRun& run,
                                      BuildKind build);

// One line that says how the run rejected a wrong turn: "Server.ReturnsDataFromStore fails:
// <its first failure line>", "Server.X hung", "ThreadSanitizer reported ...".
std::string HowRejected(const TestRun& run);

}  // namespace kit
