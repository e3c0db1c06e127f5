// Building and running one chapter's tests against the learner's code, and saying what happened
// in as few lines as the learner needs. Shared by `kit check` and `kit watch`.
#pragma once

#include "commands.h"
#include "session.h"

namespace kit {

enum class Verdict { kPassed, kFailed, kDidNotBuild };

// Builds chNN_exercise (configuring the preset's build tree the first time), runs it, prints the
// verdict and, for the plain build, records it in the progress file.
Verdict CheckChapter(Session& session, const Chapter& chapter, Sanitizer sanitizer);

}  // namespace kit
