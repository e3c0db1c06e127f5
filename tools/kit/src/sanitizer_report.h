// The first ThreadSanitizer / AddressSanitizer / LeakSanitizer / UBSan report in a program's
// output, shortened to what a learner reads: the headline, the first frames of each stack that
// are not in the system's libraries, and the summary line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kit {

std::optional<std::string> FirstSanitizerReport(std::string_view output);

}  // namespace kit
