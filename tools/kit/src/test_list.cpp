#include "test_list.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.h"

namespace kit {

namespace fs = std::filesystem;

fs::path TemporaryReportPath(const fs::path& program, std::string_view what) {
  static std::atomic<unsigned> runs{0};
  return fs::temp_directory_path() /
         ("kit-" + std::to_string(::getpid()) + "-" + std::to_string(runs.fetch_add(1)) + "-" +
          program.filename().string() + "-" + std::string(what) + ".json");
}

std::expected<std::vector<ProgramTest>, std::string> ListTests(
    const fs::path& program, const std::vector<std::pair<std::string, std::string>>& environment,
    const std::string& gtest_filter) {
  const auto json_path = TemporaryReportPath(program, "list");
  ProcessSpec process{
      .argv = {program.string(), "--gtest_list_tests", "--gtest_output=json:" + json_path.string()},
      .environment = environment,
      .working_directory = {},
      .pipe_stdin = false};
  if (!gtest_filter.empty()) process.argv.push_back("--gtest_filter=" + gtest_filter);
  const auto listed = RunProcess(process);
  if (!listed) return std::unexpected(listed.error());
  std::ifstream file(json_path);
  const auto listing = nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
  file.close();
  fs::remove(json_path);
  if (!listed->status.Succeeded() || listing.is_discarded()) {
    return std::unexpected(program.filename().string() + " could not list its tests:\n" +
                           listed->output);
  }
  std::vector<ProgramTest> tests;
  for (const auto& suite : listing.value("testsuites", nlohmann::json::array())) {
    const std::string suite_name = suite.value("name", "");
    for (const auto& test : suite.value("testsuite", nlohmann::json::array())) {
      std::string name = suite_name + "." + test.value("name", "");
      if (name.starts_with("DISABLED_") || name.find(".DISABLED_") != std::string::npos) continue;
      tests.push_back({.name = std::move(name), .file = test.value("file", "")});
    }
  }
  return tests;
}

}  // namespace kit
