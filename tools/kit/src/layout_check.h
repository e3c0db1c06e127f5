// `kit_cli dev check`: do the manifest (chapters/chapters.toml), the learner's folders
// (chapters/<dir>/) and the answers (solutions/<dir>/) agree? Three readers depend on it: the CLI
// reads the manifest's `files`, CMake builds every .cpp at the top of solutions/<dir>/ as a
// learner file or a model test, and `kit reset` restores what the manifest lists. A file one of
// them knows and another does not is a chapter that builds one thing and checks another.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "workspace.h"

namespace kit {

// Every disagreement found, one sentence each naming the file or the test; empty when all agree.
// With `build_dir` (build/<preset>), also that every failing_at_start test exists in the chapter's
// exercise program there.
std::vector<std::string> CheckLayout(const Workspace& kit,
                                     const std::optional<std::filesystem::path>& build_dir);

}  // namespace kit
