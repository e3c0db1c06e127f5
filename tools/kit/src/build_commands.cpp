#include "build_commands.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace kit {

namespace {

using Json = nlohmann::json;

std::set<std::string> Names(const Json& presets, const char* kind) {
  std::set<std::string> names;
  for (const auto& preset : presets.value(kind, Json::array())) {
    names.insert(preset.value("name", ""));
  }
  return names;
}

// The value that follows `option` ("--preset dev" or "--preset=dev"), if the command has it.
std::optional<std::string> OptionValue(const std::vector<std::string>& arguments,
                                       std::string_view option) {
  for (std::size_t at = 0; at < arguments.size(); ++at) {
    if (arguments[at] == option && at + 1 < arguments.size()) return arguments[at + 1];
    if (arguments[at].starts_with(std::string(option) + "=")) {
      return arguments[at].substr(option.size() + 1);
    }
  }
  return std::nullopt;
}

bool Has(const std::vector<std::string>& arguments, std::string_view flag) {
  return std::ranges::find(arguments, flag) != arguments.end();
}

bool AnyLabelMatches(const ListedTest& test, const std::regex& pattern) {
  return std::ranges::any_of(
      test.labels, [&](const std::string& label) { return std::regex_search(label, pattern); });
}

std::optional<std::string> CtestProblem(const LessonCommand& command, const BuildFacts& facts) {
  const auto preset_name = OptionValue(command.arguments, "--preset");
  if (!preset_name) return std::nullopt;  // a bare ctest runs wherever the learner is
  const auto preset = facts.presets.test.find(*preset_name);
  if (preset == facts.presets.test.end()) {
    return "there is no test preset '" + *preset_name + "' in CMakePresets.json";
  }
  const auto& filter = preset->second;
  const auto label = OptionValue(command.arguments, "-L");
  std::optional<std::regex> include, exclude, wanted;
  try {  // ctest reads every label filter as a regular expression
    if (!filter.include_label.empty()) include.emplace(filter.include_label);
    if (!filter.exclude_label.empty()) exclude.emplace(filter.exclude_label);
    if (label) wanted.emplace(*label);
  } catch (const std::regex_error&) {
    return "a label filter is not a regular expression";
  }
  const auto selected = std::ranges::count_if(facts.tests, [&](const ListedTest& test) {
    return (!include || AnyLabelMatches(test, *include)) &&
           (!exclude || !AnyLabelMatches(test, *exclude)) &&
           (!wanted || AnyLabelMatches(test, *wanted));
  });
  if (selected > 0) return std::nullopt;
  const bool label_exists = std::ranges::any_of(facts.tests, [&](const ListedTest& test) {
    return !wanted || AnyLabelMatches(test, *wanted);
  });
  if (label_exists && exclude) {
    return "it finds no tests (the preset '" + *preset_name + "' leaves out the tests labelled '" +
           filter.exclude_label + "')";
  }
  return "it finds no tests: no test of this build has a label that matches '" +
         label.value_or("") + "'";
}

std::optional<std::string> CmakeProblem(const LessonCommand& command, const BuildFacts& facts) {
  const auto& arguments = command.arguments;
  if (const auto target = OptionValue(arguments, "--target");
      target && !facts.targets.contains(*target)) {
    return "the build has no target '" + *target + "'";
  }
  const auto preset = OptionValue(arguments, "--preset");
  if (!preset) return std::nullopt;
  const auto& [kind, names] = Has(arguments, "--build") ? std::pair{"build", &facts.presets.build}
                              : Has(arguments, "--workflow")
                                  ? std::pair{"workflow", &facts.presets.workflow}
                                  : std::pair{"configure", &facts.presets.configure};
  if (names->contains(*preset)) return std::nullopt;
  return "there is no " + std::string(kind) + " preset '" + *preset + "' in CMakePresets.json";
}

// A test preset's filter.<which>.label, as CMake resolves it: the preset's own, else the first
// one found through its "inherits" (a name or a list of names, earlier ones preferred).
std::expected<std::string, std::string> InheritedLabel(const std::map<std::string, Json>& presets,
                                                       const std::string& name, const char* which,
                                                       std::set<std::string> seen) {
  if (!seen.insert(name).second) {
    return std::unexpected("test preset '" + name + "' inherits from itself");
  }
  const auto found = presets.find(name);
  if (found == presets.end()) return std::string();  // CMake itself reports an unknown parent
  const Json& preset = found->second;
  const auto own = preset.value("filter", Json::object()).value(which, Json::object());
  if (own.contains("label")) return own.value("label", "");
  std::vector<std::string> parents;
  if (const auto inherits = preset.find("inherits"); inherits != preset.end()) {
    if (inherits->is_string()) parents.push_back(inherits->get<std::string>());
    if (inherits->is_array()) parents = inherits->get<std::vector<std::string>>();
  }
  for (const auto& parent : parents) {
    auto label = InheritedLabel(presets, parent, which, seen);
    if (!label || !label->empty()) return label;
  }
  return std::string();
}

}  // namespace

std::expected<Presets, std::string> ParsePresets(std::string_view json) {
  const auto parsed = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::unexpected("CMakePresets.json is not valid JSON");
  Presets presets{.configure = Names(parsed, "configurePresets"),
                  .build = Names(parsed, "buildPresets"),
                  .workflow = Names(parsed, "workflowPresets"),
                  .test = {}};
  std::map<std::string, Json> test_presets;
  for (const auto& preset : parsed.value("testPresets", Json::array())) {
    test_presets[preset.value("name", "")] = preset;
  }
  for (const auto& [name, preset] : test_presets) {
    auto include = InheritedLabel(test_presets, name, "include", {});
    auto exclude = InheritedLabel(test_presets, name, "exclude", {});
    if (!include || !exclude) return std::unexpected(include ? exclude.error() : include.error());
    presets.test[name] = {.include_label = *include, .exclude_label = *exclude};
  }
  return presets;
}

std::expected<std::vector<ListedTest>, std::string> ParseTestListing(std::string_view json) {
  const auto parsed = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.contains("tests")) {
    return std::unexpected("ctest --show-only=json-v1 did not print a test list");
  }
  std::vector<ListedTest> tests;
  for (const auto& test : parsed["tests"]) {
    ListedTest listed{.name = test.value("name", ""), .labels = {}};
    for (const auto& property : test.value("properties", Json::array())) {
      if (property.value("name", "") == "LABELS" && property["value"].is_array()) {
        listed.labels = property["value"].get<std::vector<std::string>>();
      }
    }
    tests.push_back(std::move(listed));
  }
  return tests;
}

std::optional<std::string> BuildCommandProblem(const LessonCommand& command,
                                               const BuildFacts& facts) {
  if (command.program == "ctest") return CtestProblem(command, facts);
  if (command.program == "cmake") return CmakeProblem(command, facts);
  return std::nullopt;
}

}  // namespace kit
