// The one compile or link error a learner should read first, out of everything a failed build
// printed: the first "file:line:col: error:" with its source excerpt, its notes and the
// "required from" chain that explains it (often the real reason: "the required type 'typename
// Key::type' is invalid"), trimmed to the learner's files and the kit's headers; without the
// include chains, the standard library's instantiation backtrace and the build tool's lines.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kit {

struct FirstError {
  std::string text;                // the error, ready to print, paths relative to the root
  std::size_t more_errors = 0;     // how many other errors the build reported
  std::size_t lines_left_out = 0;  // of this error, past the most a learner is shown at once
};

std::optional<FirstError> FindFirstError(std::string_view build_output,
                                         const std::filesystem::path& root);

}  // namespace kit
