// What a GoogleTest program holds, asked of the program itself (--gtest_list_tests): the tests it
// would run, in its order, and the file that defines each.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kit {

struct ProgramTest {
  std::string name;            // Suite.Test
  std::filesystem::path file;  // where the TEST is written, as the compiler spelled it
};

// The tests `program` runs with `gtest_filter` (empty: all), DISABLED_ ones left out. An error
// when the program cannot list them (it crashes before main, say).
std::expected<std::vector<ProgramTest>, std::string> ListTests(
    const std::filesystem::path& program,
    const std::vector<std::pair<std::string, std::string>>& environment = {},
    const std::string& gtest_filter = {});

// A file name in the temporary directory that no other run of this process uses, for what a
// program writes there (its JSON report): the kit runs several programs, or one several times,
// at once.
std::filesystem::path TemporaryReportPath(const std::filesystem::path& program,
                                          std::string_view what);

}  // namespace kit
