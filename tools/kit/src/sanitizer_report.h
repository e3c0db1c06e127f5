// The first ThreadSanitizer / AddressSanitizer / LeakSanitizer / UBSan report in a program's
// output, shortened to what a learner reads: the headline, the first frames of each stack that
// are not in the system's libraries, and the summary line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kit {

std::optional<std::string> FirstSanitizerReport(std::string_view output);

// The line a report opens with: "==1==ERROR: AddressSanitizer: ...", "file:3:5: runtime error:".
bool IsSanitizerHeadline(std::string_view line);

// Which sanitizer wrote `report` (its headline), by its own name: "ThreadSanitizer",
// "AddressSanitizer", "LeakSanitizer" or "UndefinedBehaviorSanitizer". UBSan's headline does not
// name it ("runtime error:"), and in the asan build it shares the program with AddressSanitizer.
std::string SanitizerName(std::string_view report);

// The first frame of a shortened report ("operator() /kit/chapters/02-cancel/server.cpp:20") in
// one of the learner's files of a chapter (named as in the manifest, "server.cpp"), in the
// chapter's folder or a solution's: where the learner should look first.
std::optional<std::string> FirstLearnerFrame(std::string_view report,
                                             const std::vector<std::string>& learner_files);

}  // namespace kit
