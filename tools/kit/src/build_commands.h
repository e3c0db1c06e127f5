// Do the cmake and ctest commands a lesson gives work in this kit? A preset must exist in
// CMakePresets.json, a --target must be a target of the build, and `ctest --preset P -L L` must
// find tests: the preset's own label filter and -L together must select at least one.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lesson_commands.h"

namespace kit {

struct TestPreset {
  std::string include_label;  // regexes, as in CMakePresets.json's "filter"; empty: none
  std::string exclude_label;
};

struct Presets {
  std::set<std::string> configure;
  std::set<std::string> build;
  std::set<std::string> workflow;
  std::map<std::string, TestPreset> test;
};

// CMakePresets.json's names (and the test presets' label filters).
std::expected<Presets, std::string> ParsePresets(std::string_view json);

struct ListedTest {
  std::string name;
  std::vector<std::string> labels;
};

// The tests of `ctest --show-only=json-v1`.
std::expected<std::vector<ListedTest>, std::string> ParseTestListing(std::string_view json);

struct BuildFacts {
  Presets presets;
  std::vector<ListedTest> tests;
  std::set<std::string> targets;
};

// nullopt when the cmake or ctest command works, else why it does not. Other programs: nullopt.
std::optional<std::string> BuildCommandProblem(const LessonCommand& command,
                                               const BuildFacts& facts);

}  // namespace kit
