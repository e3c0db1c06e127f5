// kit_cli dev check: the maintainer's check that the manifest, chapters/ and solutions/ agree
// (layout_check.h says what it checks), before the self-check proves what the chapters' tests do.
#include <fmt/core.h>

#include "commands.h"
#include "layout_check.h"
#include "session.h"
#include "workspace.h"

namespace kit {

int RunDevCheck(const GlobalOptions& global, const DevCheckOptions& options) {
  const auto kit = Workspace::Open(global.root);
  if (!kit) return Fail(kit.error());
  std::optional<std::filesystem::path> build_dir;
  if (!options.build_dir.empty()) build_dir = options.build_dir;
  const std::vector<std::string> problems = CheckLayout(*kit, build_dir);
  for (const std::string& problem : problems) fmt::print("✗ {}\n", problem);
  if (!problems.empty()) return 1;
  fmt::print("✓ the manifest, chapters/ and solutions/ agree ({} chapters{})\n",
             kit->Chapters().chapters.size(),
             build_dir ? ", and every test expected to fail at the start exists" : "");
  return 0;
}

}  // namespace kit
