// kit_cli: the learner's command line. ./kit builds it and runs it with --root and the verb.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "commands.h"
#include "i18n.h"
#include "process.h"
#include "session.h"

namespace {

constexpr std::string_view kDescription =
    R"(cancelkit: learn, test first, how a C++ server stops work nobody waits for.

With no verb: the chapters, which pass, and what to do next.
Every verb has a plain CMake equivalent (see README.md), e.g. for chapter 02:
  check   cmake --build --preset dev --target ch02_exercise && ctest --preset learn -L ch02
  --race  the same with the tsan preset)";

constexpr std::string_view kResetHelp =
    "Restore a chapter's starting code, after a yes/no question. Your current files are first "
    "copied to .kit/backups/<date>-chNN/, and the command names that folder. The starting code "
    "comes from the kit's git history (the files as committed at HEAD), so reset needs the kit to "
    "be a git clone; if you commit your own work, reset goes back to your last commit.";

void AddChapterArgument(CLI::App* command, std::string& chapter, bool required) {
  auto* option = command->add_option(
      "chapter", chapter,
      "The chapter: 02, 2 or 02-cancel" + std::string(required ? ""
                                                               : " (default: the first one "
                                                                 "that does not pass yet)"));
  if (required) option->required();
  // `./kit check ''` (an unset shell variable, say) must not quietly mean the first chapter.
  option->check(CLI::Validator(
      [](std::string& name) {
        return name.empty() ? std::string(
                                  "an empty chapter name: give its number, such as 02, "
                                  "or leave it out for the first one that does not pass")
                            : std::string();
      },
      "CHAPTER"));
}

// The test programs run in process groups of their own (see kit::ProcessGroup), which the
// terminal's Ctrl-C does not reach: the kit ends the running one before it dies itself.
extern "C" void EndTestsAndDie(int signal) {
  kit::EndRunningProcessGroups();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an error to report, not a reason to die
  for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) std::signal(signal, EndTestsAndDie);

  CLI::App app{std::string(kDescription), "kit"};
  app.set_version_flag("--version", std::string("cancelkit kit ") + KIT_VERSION);
  app.require_subcommand(0, 1);
  app.footer(
      "Two more verbs belong to ./kit itself (tools/kit/bootstrap.bash):\n"
      "  test    the kit's own test suite (./kit test --help)\n"
      "  editor  clangd for your editor: completion, errors, go to definition (./kit editor "
      "--help)");
  app.fallthrough();  // --root and --color may also come after the verb

  kit::GlobalOptions global{.root = ".", .color = kit::ColorMode::kAuto};
  app.add_option("--root", global.root, "The kit's repository (./kit passes it)")
      ->check(CLI::ExistingDirectory);
  const std::map<std::string, kit::ColorMode> color_modes{{"auto", kit::ColorMode::kAuto},
                                                          {"always", kit::ColorMode::kAlways},
                                                          {"never", kit::ColorMode::kNever}};
  app.add_option("--color", global.color, "Colours: auto (on a terminal), always or never")
      ->transform(CLI::CheckedTransformer(color_modes, CLI::ignore_case));
  std::string language;
  app.add_option("--lang", language,
                 "The kit's language: ko (한국어) or en, remembered for this workspace "
                 "(default: Korean when LANG or LC_MESSAGES is Korean)")
      ->check(CLI::IsMember({"ko", "en"}));

  kit::CheckOptions check;
  const auto add_check_options = [&check](CLI::App* command) {
    AddChapterArgument(command, check.chapter, false);
    auto* race = command->add_flag_callback(
        "--race", [&check] { check.sanitizer = kit::Sanitizer::kThread; },
        "Build and run under ThreadSanitizer (build/tsan): data races, like go test -race");
    command
        ->add_flag_callback(
            "--asan", [&check] { check.sanitizer = kit::Sanitizer::kAddress; },
            "Build and run under AddressSanitizer and UBSan (build/asan): use after free, leaks")
        ->excludes(race);
    command->add_flag("--full,--verbose", check.full_output,
                      "When it does not compile: the compiler's whole output, not only the first "
                      "error");
  };
  auto* check_command =
      app.add_subcommand("check", "Build and run a chapter's tests against your code");
  add_check_options(check_command);
  auto* watch_command = app.add_subcommand(
      "watch", "Check a chapter again every time you save one of its files (r, h, q keys)");
  add_check_options(watch_command);

  std::string chapter;
  auto* list_command = app.add_subcommand("list", "The chapters, which pass, and the next step");
  auto* hint_command =
      app.add_subcommand("hint", "The chapter's next hint (each run shows one more)");
  AddChapterArgument(hint_command, chapter, false);
  auto* diff_command = app.add_subcommand("diff", "Your files beside the solution, as a diff");
  AddChapterArgument(diff_command, chapter, false);
  auto* reset_command = app.add_subcommand("reset", std::string(kResetHelp));
  AddChapterArgument(reset_command, chapter, true);
  bool assume_yes = false;
  reset_command->add_flag("-y,--yes", assume_yes, "Do not ask (the backup is still made)");
  auto* solution_command =
      app.add_subcommand("solution", "Print the path of a chapter's solution (--show: the code)");
  AddChapterArgument(solution_command, chapter, true);
  bool show = false;
  solution_command->add_flag("--show", show, "Print the solution's code instead of its path");
  std::string slug;
  auto* show_wrong_command = app.add_subcommand(
      "show-wrong", "Print the code of a wrong turn your test let through (its name: SLUG)");
  AddChapterArgument(show_wrong_command, chapter, true);
  show_wrong_command->add_option("slug", slug, "The wrong turn, as ./kit check names it")
      ->required();
  auto* help_command = app.add_subcommand("help", "This help");

  // The maintainer's verbs, which need no learner session.
  auto* dev_command = app.add_subcommand("dev", "For the kit's maintainers");
  dev_command->require_subcommand(1);
  kit::SelfCheckOptions selfcheck;
  auto* selfcheck_command = dev_command->add_subcommand(
      "selfcheck",
      "For the kit's own tests: the untouched exercise fails as chapters.toml says, a wrong turn "
      "is rejected, a right turn passes, the starting and model tests grade as they must");
  selfcheck_command->add_option("chapter", selfcheck.chapter, "The chapter's number")->required();
  selfcheck_command->add_option("--manifest", selfcheck.manifest, "chapters/chapters.toml")
      ->required();
  selfcheck_command->add_option("--exercise,--program", selfcheck.program,
                                "The chNN_exercise program, or the turn's program");
  selfcheck_command->add_option("--turn", selfcheck.turn,
                                "A turn's folder: solutions/<dir>/wrong/<slug> or right/<slug>");
  selfcheck_command->add_option("--build", selfcheck.build,
                                "The build the program comes from: plain, race or asan");
  selfcheck_command
      ->add_option("--grade", selfcheck.grade,
                   "Grade a test instead: start (the learner's starting test) or model")
      ->check(CLI::IsMember({"start", "model"}));
  selfcheck_command->add_option("--programs-dir", selfcheck.programs_dir,
                                "With --grade: build/<preset>/chapters");

  kit::DevCheckOptions dev_check;
  auto* dev_check_command = dev_command->add_subcommand(
      "check",
      "The manifest, chapters/ and solutions/ agree: every listed file exists in both, "
      "nothing unlisted is built as a learner file, every graded wrong turn exists");
  dev_check_command
      ->add_option("--build-dir", dev_check.build_dir,
                   "Also check that every test expected to fail at the start exists in this "
                   "build's programs (build/dev)")
      ->check(CLI::ExistingDirectory);

  auto* pot_command = dev_command->add_subcommand(
      "pot",
      "The learner-facing text of chapters.toml and the graded wrong turns, as a gettext "
      "template (po/update.sh)");

  kit::LessonsOptions lessons;
  auto* lessons_command = dev_command->add_subcommand(
      "lessons", "The lessons' pasted outputs and commands, checked against this build");
  lessons_command->add_option("chapter", lessons.chapter,
                              "A chapter, or readme for the root README (default: all)");
  lessons_command->add_option("--build-dir", lessons.build_dir, "The build tree, e.g. build/dev")
      ->required()
      ->check(CLI::ExistingDirectory);

  // The learner's verbs: each runs on the session main opens, with the chapter it names (nullptr
  // for a verb that names none) resolved once, here.
  struct LearnerVerb {
    CLI::App* command;
    const std::string* chapter;
    std::function<int(kit::Session&, const kit::Chapter*)> run;
  };
  const std::vector<LearnerVerb> learner_verbs{
      {check_command, &check.chapter,
       [&](kit::Session& session, const kit::Chapter* named) {
         return kit::RunCheck(session, *named, check);
       }},
      {watch_command, &check.chapter,
       [&](kit::Session& session, const kit::Chapter* named) {
         return kit::RunWatch(session, *named, check);
       }},
      {hint_command, &chapter,
       [](kit::Session& session, const kit::Chapter* named) {
         return kit::RunHint(session, *named);
       }},
      {diff_command, &chapter,
       [](kit::Session& session, const kit::Chapter* named) {
         return kit::RunDiff(session, *named);
       }},
      {reset_command, &chapter,
       [&](kit::Session& session, const kit::Chapter* named) {
         return kit::RunReset(session, *named, assume_yes);
       }},
      {solution_command, &chapter,
       [&](kit::Session& session, const kit::Chapter* named) {
         return kit::RunSolution(session, *named, show);
       }},
      {show_wrong_command, &chapter,
       [&](kit::Session& session, const kit::Chapter* named) {
         return kit::RunShowWrong(session, *named, slug);
       }},
      // `list`, and no verb at all.
      {list_command, nullptr,
       [](kit::Session& session, const kit::Chapter*) {
         return kit::RunList(session);
       }},
  };

  CLI11_PARSE(app, argc, argv);
  if (help_command->parsed()) {
    std::cout << app.get_formatter()->make_help(&app, "kit", CLI::AppFormatMode::Normal);
    return 0;
  }
  if (selfcheck_command->parsed()) return kit::RunSelfCheck(selfcheck);
  if (lessons_command->parsed()) return kit::RunLessons(global, lessons, app);
  if (dev_check_command->parsed()) return kit::RunDevCheck(global, dev_check);
  if (pot_command->parsed()) return kit::RunDevPot(global);

  // The learner's verbs speak the learner's language; the maintainer's verbs above stay in
  // English, the language of the lessons' pasted outputs that `dev lessons` checks.
  const auto flag = kit::ParseLanguage(language);
  const auto kit_dir = global.root / ".kit";
  if (flag && !kit::SaveLanguage(kit_dir, *flag)) {
    return kit::Fail("could not save the language in " + (kit_dir / "language").string());
  }
  const auto language_chosen = kit::ChooseLanguage(flag, kit::SavedLanguage(kit_dir), std::getenv);
  kit::UseLanguage(language_chosen, KIT_LOCALE_DIR);
  if (language_chosen == kit::Language::kKorean && !kit::CataloguesWork()) {
    // Said in both languages: the Korean words may be all this learner reads.
    std::fputs(
        "kit: 이 컴퓨터에는 한국어 메시지를 보여 줄 로캘이 없어 영어로 답합니다. 로캘을 만들려면:\n"
        "kit: no locale here lets the kit speak Korean (this glibc ignores LANGUAGE in C.UTF-8).\n"
        "     sudo apt-get install locales && sudo localedef -i ko_KR -f UTF-8 ko_KR.UTF-8\n",
        stderr);
  }

  const auto verb = std::ranges::find_if(
      learner_verbs, [](const LearnerVerb& each) { return each.command->parsed(); });
  const LearnerVerb& chosen = verb == learner_verbs.end() ? learner_verbs.back() : *verb;
  auto session = kit::Session::Open(global);
  if (!session) return kit::Fail(session.error());
  const kit::Chapter* resolved = nullptr;
  if (chosen.chapter != nullptr) {
    const auto named = session->Resolve(*chosen.chapter);
    if (!named) return kit::Fail(named.error());
    resolved = *named;
  }
  return chosen.run(*session, resolved);
}
