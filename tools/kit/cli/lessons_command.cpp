// kit_cli dev lessons [NN|readme] --build-dir build/dev
// The lessons' doc-tests (ctest lesson.chNN): every annotated output block is compared with what
// the program it names prints now, and every command a lesson gives must work in this kit. Each
// lesson's Korean twin (README.ko.md) must be in step with it (see lesson_twin.h), and the links
// of both must lead to files of the kit.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <map>

#include "build_commands.h"
#include "commands.h"
#include "files.h"
#include "lesson.h"
#include "lesson_commands.h"
#include "lesson_twin.h"
#include "output_match.h"
#include "process.h"
#include "session.h"
#include "test_grading.h"
#include "test_lanes.h"
#include "text.h"
#include "turns.h"
#include "verdict.h"

namespace kit {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto kDemoSilenceLimit = 30s;
constexpr std::string_view kTwinName = "README.ko.md";

// A lesson: the root README (no chapter) or a chapter's.
struct Document {
  fs::path path;
  const Chapter* chapter = nullptr;
};

// The sanitizer the build tree was configured with: it decides which views can be checked.
Sanitizer SanitizerOf(const fs::path& build_dir) {
  const auto cache = ReadFile(build_dir / "CMakeCache.txt");
  if (cache.find("-fsanitize=thread") != std::string::npos) return Sanitizer::kThread;
  if (cache.find("-fsanitize=address") != std::string::npos) return Sanitizer::kAddress;
  return Sanitizer::kNone;
}

// Why this build cannot show `view`, or nullopt when it can. A sanitizer build checks only its
// own view: a race or a leak ends a plain view's run early.
std::optional<std::string> SkipReason(OutputView view, Sanitizer build) {
  const auto needed = view == OutputView::kKitRace   ? Sanitizer::kThread
                      : view == OutputView::kKitAsan ? Sanitizer::kAddress
                                                     : Sanitizer::kNone;
  if (needed == build) return std::nullopt;
  switch (needed) {
    case Sanitizer::kThread:
      return "checked in the tsan build";
    case Sanitizer::kAddress:
      return "checked in the asan build";
    case Sanitizer::kNone:
      break;
  }
  return "checked in a build without sanitizers";
}

std::expected<std::string, std::string> Capture(std::vector<std::string> argv) {
  auto result =
      RunProcess({.argv = argv, .environment = {}, .working_directory = {}, .pipe_stdin = false});
  if (!result) return std::unexpected(result.error());
  if (!result->status.Succeeded()) {
    return std::unexpected(fmt::format("{} failed:\n{}", argv.front(), result->output));
  }
  return std::move(result->output);
}

std::expected<BuildFacts, std::string> ReadBuildFacts(const fs::path& root,
                                                      const fs::path& build_dir) {
  auto presets = ParsePresets(ReadFile(root / "CMakePresets.json"));
  if (!presets) return std::unexpected(presets.error());
  const auto listing = Capture({"ctest", "--test-dir", build_dir.string(), "--show-only=json-v1"});
  if (!listing) return std::unexpected(listing.error());
  auto tests = ParseTestListing(*listing);
  if (!tests) return std::unexpected(tests.error());
  const auto targets = Capture({"ninja", "-C", build_dir.string(), "-t", "targets", "all"});
  if (!targets) return std::unexpected(targets.error());
  BuildFacts facts{.presets = std::move(*presets), .tests = std::move(*tests), .targets = {}};
  for (const auto line : Lines(*targets)) {
    facts.targets.emplace(line.substr(0, line.find(':')));
  }
  return facts;
}

// ./kit <verb> [options] [chapter]: the verb is one of kit_cli's (or `test` or `editor`, which
// ./kit runs itself), each option is the verb's or a global one, and a chapter is one of the
// manifest's.
std::optional<std::string> KitCommandProblem(const LessonCommand& command, const CLI::App& app,
                                             const Workspace& kit, const Presets& presets) {
  const auto& arguments = command.arguments;
  std::size_t at = 0;
  for (; at < arguments.size() && arguments[at].starts_with('-'); ++at) {  // --color never check
    const CLI::Option* option = app.get_option_no_throw(arguments[at]);
    if (option == nullptr) return "the kit has no option " + arguments[at];
    if (option->get_expected_min() > 0) ++at;  // its value
  }
  if (at >= arguments.size()) return std::nullopt;
  std::string verb = arguments[at];
  if (verb == "test") {  // ./kit test [PRESET...]: the kit's bash front end runs the workflows
    for (++at; at < arguments.size(); ++at) {
      if (!arguments[at].starts_with('-') && !presets.workflow.contains(arguments[at])) {
        return "there is no workflow preset '" + arguments[at] + "' for ./kit test";
      }
    }
    return std::nullopt;
  }
  if (verb == "editor") {  // ./kit editor [--check [--one-per-command]]: editor.bash's
    for (++at; at < arguments.size(); ++at) {
      if (arguments[at] != "--check" && arguments[at] != "--one-per-command") {
        return "'editor' takes only --check and --one-per-command, not " + arguments[at];
      }
    }
    return std::nullopt;
  }
  const CLI::App* subcommand = nullptr;
  for (const CLI::App* candidate : app.get_subcommands({})) {
    if (candidate->get_name() == verb) subcommand = candidate;
  }
  if (subcommand == nullptr) return "the kit has no verb '" + verb + "'";
  // A verb of a verb: ./kit dev check.
  while (at + 1 < arguments.size()) {
    const CLI::App* nested = nullptr;
    for (const CLI::App* candidate : subcommand->get_subcommands({})) {
      if (candidate->get_name() == arguments[at + 1]) nested = candidate;
    }
    if (nested == nullptr) break;
    subcommand = nested;
    verb += " " + arguments[++at];
  }
  const Chapter* chapter = nullptr;
  bool slug_named = false;
  for (++at; at < arguments.size(); ++at) {
    const auto& argument = arguments[at];
    if (argument.starts_with('-')) {
      const CLI::Option* option = subcommand->get_option_no_throw(argument);
      if (option == nullptr) option = app.get_option_no_throw(argument);
      if (option == nullptr) return "'" + verb + "' has no option " + argument;
      if (option->get_expected_min() > 0) ++at;  // its value
      continue;
    }
    if (chapter != nullptr && !slug_named && subcommand->get_option_no_throw("slug") != nullptr) {
      // show-wrong NN SLUG: a wrong turn of that chapter
      const auto turns = ReadTurns(kit.SolutionDir(*chapter), chapter->files);
      if (!turns || std::ranges::none_of(*turns, [&](const Turn& turn) {
            return turn.kind == Turn::Kind::kWrong && turn.slug == argument;
          })) {
        return "chapter " + chapter->number + " has no wrong turn " + argument;
      }
      slug_named = true;
      continue;
    }
    if (chapter != nullptr || subcommand->get_option_no_throw("chapter") == nullptr) {
      return "'" + verb + "' takes no argument '" + argument + "'";
    }
    chapter = kit.Chapters().Find(argument);
    if (chapter == nullptr) return "there is no chapter " + argument;
  }
  return std::nullopt;
}

class LessonChecker {
 public:
  LessonChecker(const Workspace& kit, fs::path build_dir, const CLI::App& app)
      : kit_(kit),
        build_dir_(std::move(build_dir)),
        app_(app),
        sanitizer_(SanitizerOf(build_dir_)),
        build_(BuildFor(sanitizer_)) {}

  // Prints one line per problem, naming the lesson's line; returns how many there were. Then
  // the same for the lesson's Korean twin.
  int Check(const Document& document, const BuildFacts& facts) {
    const auto shown = Shown(document.path);
    const auto markdown = ReadFile(document.path);
    const Lesson lesson = ParseLesson(markdown);
    int problems = 0;
    const auto report = [&](int line, const std::string& message) {
      fmt::print("{}:{}: {}\n", shown, line, message);
      ++problems;
    };
    for (const auto& [line, message] : LinkProblems(document.path, markdown, kTwinName)) {
      report(line, message);
    }
    for (const auto& problem : lesson.problems) report(problem.line, problem.message);
    int matched = 0;
    int skipped = 0;
    for (const auto& block : lesson.blocks) {
      const auto what = block.run + " " + block.view_name;
      if (document.chapter == nullptr) {
        report(block.line, "only a chapter's lesson can show what " + what + " prints");
        continue;
      }
      if (const auto reason = SkipReason(block.view, sanitizer_)) {
        fmt::print("{}:{}: {} not checked here: {}\n", shown, block.line, what, *reason);
        ++skipped;
        continue;
      }
      const auto output = OutputOf(*document.chapter, block);
      if (!output) {
        report(block.line, output.error());
        continue;
      }
      const auto mismatch = MatchOutput(block.lines, *output, kit_.Root());
      if (!mismatch) {
        ++matched;
        continue;
      }
      std::string message = fmt::format("this line is not in what {} prints:\n    {}\n", what,
                                        mismatch->expected.text);
      message += "  the nearest lines it prints (normalised, with their line in the output):";
      for (const auto& line : mismatch->nearest) {
        message += fmt::format("\n    {:>4}| {}", line.number, line.text);
      }
      report(mismatch->expected.number, message);
    }
    const int commands = CheckCommands(markdown, facts, report);
    fmt::print("{}: {} of {} outputs match ({} left to another build), {} commands work, {}\n",
               shown, matched, lesson.blocks.size(), skipped, commands, Summary(problems));
    return problems + CheckTwin(document, markdown, facts);
  }

 private:
  std::string Shown(const fs::path& path) const {
    return path.lexically_relative(kit_.Root()).string();
  }

  static std::string Summary(int problems) {
    return problems == 0 ? "no problem" : fmt::format("{} problem(s)", problems);
  }

  // Reports each command of `markdown` that does not work in this kit; returns how many work.
  template <typename Report>
  int CheckCommands(std::string_view markdown, const BuildFacts& facts, Report& report) const {
    int commands = 0;
    for (const auto& command : FindCommands(markdown)) {
      const auto problem = command.program == "./kit"
                               ? KitCommandProblem(command, app_, kit_, facts.presets)
                               : BuildCommandProblem(command, facts);
      if (problem) {
        report(command.line, "`" + command.Text() + "` does not work here: " + *problem);
      } else {
        ++commands;
      }
    }
    return commands;
  }

  // Every relative link leads to a file or folder of the kit, and one leads to the document's
  // counterpart in the other language.
  static std::vector<LessonProblem> LinkProblems(const fs::path& path, std::string_view markdown,
                                                 std::string_view counterpart) {
    std::vector<LessonProblem> problems;
    bool links_counterpart = false;
    for (const auto& link : RelativeLinks(markdown)) {
      links_counterpart = links_counterpart || link.target == counterpart;
      if (!fs::exists(path.parent_path() / link.target)) {
        problems.push_back({link.line, fmt::format("the link to {} leads nowhere", link.target)});
      }
    }
    if (!links_counterpart) {
      problems.push_back(
          {1, fmt::format("no link to {}, the same lesson in the other language", counterpart)});
    }
    return problems;
  }

  // The Korean twin beside the lesson: in step with it, its links and commands working. Its
  // outputs need no run of their own: its blocks are the lesson's, checked above.
  int CheckTwin(const Document& document, std::string_view lesson, const BuildFacts& facts) {
    const auto path = document.path.parent_path() / kTwinName;
    const auto shown = Shown(path);
    if (!fs::exists(path)) {
      fmt::print("{}: missing: every lesson has its Korean twin beside it\n", shown);
      return 1;
    }
    const auto twin = ReadFile(path);
    int problems = 0;
    const auto report = [&](int line, const std::string& message) {
      fmt::print("{}:{}: {}\n", shown, line, message);
      ++problems;
    };
    const auto lesson_name = document.path.filename().string();
    for (const auto& [line, message] : LinkProblems(path, twin, lesson_name)) report(line, message);
    for (const auto& [line, message] :
         CompareTwins(lesson, twin, {.lesson = lesson_name, .twin = kTwinName})) {
      report(line, message);
    }
    const int commands = CheckCommands(twin, facts, report);
    fmt::print("{}: {} parts compared with {}, {} commands work, {}\n", shown,
               TwinParts(twin).size(), lesson_name, commands, Summary(problems));
    return problems;
  }

  // What the block's run prints, in the block's view; each program runs once per filter.
  std::expected<std::string, std::string> OutputOf(const Chapter& chapter,
                                                   const OutputBlock& block) {
    const auto program = build_dir_ / "chapters" / ProgramOf(chapter.number, block.run);
    if (!fs::exists(program)) {
      return std::unexpected(fmt::format("{} names {}, which the build does not have", block.run,
                                         program.lexically_relative(kit_.Root()).string()));
    }
    if (block.view == OutputView::kStdout) return DemoOutput(program);
    if (block.view == OutputView::kGrade) return GradeOutput(chapter, block.run == "model");
    // The gtest view is one run of the program, as ctest shows it; the kit's views go on past
    // a hang or a crash, as `kit check` does.
    const bool as_the_kit_runs = block.view != OutputView::kGtest;
    const auto key = program.string() + " " + block.filter + (as_the_kit_runs ? " kit" : "");
    auto cached = runs_.find(key);
    if (cached == runs_.end()) {
      const TestRunSpec spec{.program = program,
                             .timeout_per_test = chapter.timeout * build_.timeout_factor,
                             .hang_diagnosis = chapter.hang_diagnosis,
                             .environment = build_.environment,
                             .gtest_filter = block.filter};
      auto run = as_the_kit_runs ? RunInLanes(spec, RunEveryTest, build_.lanes) : RunTests(spec);
      if (!run) return std::unexpected(run.error());
      cached = runs_.emplace(key, std::move(*run)).first;
    }
    const TestRun& run = cached->second;
    if (block.view == OutputView::kGtest) return run.output;
    return DescribeRun(kit_, Style(ColorMode::kNever), chapter, run, build_);
  }

  // What `kit check` says about the starting test (the learner's, untouched) or the model test.
  std::expected<std::string, std::string> GradeOutput(const Chapter& chapter, bool model) const {
    const auto which = model ? GradedTest::kModel : GradedTest::kLearners;
    const auto spec = GradingFor(chapter, which, kit_.Root(), build_dir_ / "chapters");
    if (!spec) return std::unexpected(spec.error());
    const auto grade = GradeTest(chapter, *spec);
    if (!grade) return std::unexpected(grade.error());
    return DescribeGrade(kit_, Style(ColorMode::kNever), chapter, grade,
                         model ? "The model test" : "Your test",
                         model ? kit_.SolutionFiles(chapter) : kit_.LearnerFiles(chapter));
  }

  std::expected<std::string, std::string> DemoOutput(const fs::path& program) const {
    const auto result = RunProcess({.argv = {program.string()},
                                    .environment = {},
                                    .working_directory = kit_.Root(),
                                    .pipe_stdin = false},
                                   kDemoSilenceLimit);
    if (!result) return std::unexpected(result.error());
    if (!result->status.Succeeded()) {
      return std::unexpected(fmt::format("{} did not succeed (exit code {}, signal {}):\n{}",
                                         program.filename().string(), result->status.exit_code,
                                         result->status.signal, result->output));
    }
    return result->output;
  }

  const Workspace& kit_;
  fs::path build_dir_;
  const CLI::App& app_;
  Sanitizer sanitizer_;
  Build build_;
  std::map<std::string, TestRun> runs_;
};

}  // namespace

int RunLessons(const GlobalOptions& global, const LessonsOptions& options, const CLI::App& app) {
  const auto root = fs::weakly_canonical(fs::absolute(global.root));
  const auto kit = Workspace::Open(root);
  if (!kit) return Fail(kit.error());
  std::vector<Document> documents;
  if (options.chapter.empty() || options.chapter == "readme") {
    documents.push_back({root / "README.md", nullptr});
  }
  for (const auto& chapter : kit->Chapters().chapters) {
    if (options.chapter.empty() || kit->Chapters().Find(options.chapter) == &chapter) {
      documents.push_back({kit->ExerciseDir(chapter) / "README.md", &chapter});
    }
  }
  if (documents.empty()) return Fail("there is no chapter " + options.chapter);
  const auto build_dir = fs::weakly_canonical(fs::absolute(options.build_dir));
  const auto facts = ReadBuildFacts(root, build_dir);
  if (!facts) return Fail(facts.error());
  LessonChecker checker(*kit, build_dir, app);
  int problems = 0;
  for (const auto& document : documents) problems += checker.Check(document, *facts);
  return problems == 0 ? 0 : 1;
}

}  // namespace kit
