// The verbs of kit_cli. Each returns the process's exit code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace kit {

struct SelfCheckOptions {
  std::string chapter;
  std::filesystem::path manifest;
  std::filesystem::path exercise;
};
int RunSelfCheck(const SelfCheckOptions& options);

}  // namespace kit
