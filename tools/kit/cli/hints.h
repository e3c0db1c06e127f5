// The chapter's hints, one more each time: shared by `kit hint` and the h key of `kit watch`.
#pragma once

#include <string>
#include <string_view>

#include "session.h"

namespace kit {

// Every hint shown so far and the next one (the count is saved in the progress), then how to get
// another (`again`: "Run ./kit hint 02 again", "Press h again") or, after the last, the solution.
std::string NextHint(Session& session, const Chapter& chapter, std::string_view again);

}  // namespace kit
