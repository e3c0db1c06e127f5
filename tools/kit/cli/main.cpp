// kit_cli: the learner's command line. ./kit builds it and passes --root and the verb along.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"cancelkit's learner CLI"};
  app.set_version_flag("--version", std::string("cancelkit kit ") + KIT_VERSION);
  app.require_subcommand(0, 1);

  kit::SelfCheckOptions selfcheck;
  auto* selfcheck_command = app.add_subcommand(
      "selfcheck", "Check that a chapter's untouched exercise fails exactly as chapters.toml says");
  selfcheck_command->add_option("chapter", selfcheck.chapter, "The chapter's number")->required();
  selfcheck_command->add_option("--manifest", selfcheck.manifest, "chapters/chapters.toml")
      ->required();
  selfcheck_command->add_option("--exercise", selfcheck.exercise, "The chNN_exercise program")
      ->required();

  CLI11_PARSE(app, argc, argv);
  if (selfcheck_command->parsed()) return kit::RunSelfCheck(selfcheck);
  return 0;
}
