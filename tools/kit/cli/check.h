// Building and running one chapter's tests against the learner's code, and saying what happened
// in as few lines as the learner needs. Shared by `kit check` and `kit watch`.
#pragma once

#include "commands.h"
#include "session.h"

namespace kit {

enum class Verdict { kPassed, kFailed, kDidNotBuild };

// Builds chNN_exercise (configuring the preset's build tree the first time), runs it, prints the
// verdict and, for the plain build, records it in the progress file.
// With `full_output`, a build that fails shows everything the compiler printed.
Verdict CheckChapter(Session& session, const Chapter& chapter, Sanitizer sanitizer,
                     bool full_output = false);

}  // namespace kit
