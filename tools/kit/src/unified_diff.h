// A unified diff of two texts, line by line, computed with dtl and coloured like git's.
#pragma once

#include <string>
#include <string_view>

namespace kit {

struct DiffSide {
  std::string_view name;  // shown after --- or +++
  std::string_view text;
};

// Empty when the texts are equal. `color` adds ANSI colours: red removals, green additions.
std::string UnifiedDiff(DiffSide before, DiffSide after, bool color);

}  // namespace kit
