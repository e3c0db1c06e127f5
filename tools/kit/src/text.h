// Small text helpers the kit's parsers share.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kit {

// The lines of `text`, without their '\n' (and without a trailing empty line).
std::vector<std::string_view> Lines(std::string_view text);

// What follows `prefix` in `text`, if `text` starts with it.
std::optional<std::string_view> AfterPrefix(std::string_view text, std::string_view prefix);

std::string Join(const std::vector<std::string>& parts, std::string_view separator);

std::string_view TrimRight(std::string_view text);
// Without leading spaces and tabs; Trim: without either end's.
std::string_view TrimLeft(std::string_view text);
std::string_view Trim(std::string_view text);

// Whether `text` is a number of one or more decimal digits: a line, a column, a process id.
bool AllDigits(std::string_view text);

// `path` relative to `root` when it lies inside it, else unchanged: what a learner can click.
std::string RelativeToRoot(std::string_view path, const std::filesystem::path& root);

}  // namespace kit
