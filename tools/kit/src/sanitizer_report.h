// The first ThreadSanitizer / AddressSanitizer / LeakSanitizer / UBSan report in a program's
// output, shortened to what a learner reads: the headline, the first frames of each stack that
// are not in the system's libraries, and the summary line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kit {

std::optional<std::string> FirstSanitizerReport(std::string_view output);

// The line a report opens with: "==1==ERROR: AddressSanitizer: ...", "file:3:5: runtime error:".
bool IsSanitizerHeadline(std::string_view line);

// Which sanitizer wrote `report` (its headline), by its own name: "ThreadSanitizer",
// "AddressSanitizer", "LeakSanitizer" or "UndefinedBehaviorSanitizer". UBSan's headline does not
// name it ("runtime error:"), and in the asan build it shares the program with AddressSanitizer.
std::string SanitizerName(std::string_view report);

}  // namespace kit
