// The one compile or link error a learner should read first, out of everything a failed build
// printed: the first "file:line:col: error:" with its source excerpt, without the template
// instantiation backtrace, the notes and the build tool's command lines around it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kit {

struct FirstError {
  std::string text;             // the error, ready to print, paths relative to the root
  std::size_t more_errors = 0;  // how many other errors the build reported
};

std::optional<FirstError> FindFirstError(std::string_view build_output,
                                         const std::filesystem::path& root);

}  // namespace kit
