// The learner's verbs besides check and watch: list (which also runs, quietly, a chapter edited
// since its last check, and saves its progress), hint (which saves how many hints were shown),
// diff, solution and show-wrong (which only read) and reset (which rewrites the learner's files,
// after a backup).
#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "files.h"
#include "hints.h"
#include "process.h"
#include "session.h"
#include "test_grading.h"
#include "test_lanes.h"
#include "test_run.h"
#include "turns.h"
#include "unified_diff.h"

namespace kit {

namespace {

namespace fs = std::filesystem;

constexpr int kProgressBarWidth = 20;

// The newest modification time of the learner's files of `chapter`.
fs::file_time_type LastEdit(const Workspace& kit, const Chapter& chapter) {
  fs::file_time_type newest{};
  for (const auto& file : kit.LearnerFiles(chapter)) {
    std::error_code ignored;
    newest = std::max(newest, fs::last_write_time(file, ignored));
  }
  return newest;
}

// For the chapter list: a chapter whose files changed since its last check, but whose program
// was built after that change (./kit builds everything first), is run now, quietly.
void RefreshUncheckedChapters(Session& session) {
  const auto& kit = session.Kit();
  for (const auto& chapter : kit.Chapters().chapters) {
    if (session.StateOf(chapter) != Progress::State::kNotChecked) continue;
    const auto program = kit.ExerciseProgram(chapter, "dev");
    std::error_code missing;
    const auto built = fs::last_write_time(program, missing);
    if (missing || built < LastEdit(kit, chapter)) continue;
    const auto run = RunInLanes({.program = program,
                                 .timeout_per_test = chapter.timeout,
                                 .hang_diagnosis = chapter.hang_diagnosis,
                                 .environment = {},
                                 .gtest_filter = {}},
                                RunTests);
    if (!run) continue;
    bool passed = run->outcome == TestRun::Outcome::kAllPassed;
    if (passed && !chapter.test_files.empty()) {  // and the learner's test must grade well
      const auto grading =
          GradingFor(chapter, GradedTest::kLearners, kit.Root(), program.parent_path());
      if (!grading) continue;
      const auto grade = GradeTest(chapter, *grading);
      passed = grade && grade->Good();
    }
    session.Saved().Record(chapter.number, kit.LearnerFilesHash(chapter), passed);
  }
  session.Saved().Save();
}

std::string ProgressBar(const Style& style, std::size_t done, std::size_t total) {
  const auto filled = total == 0 ? 0 : static_cast<int>(done * kProgressBarWidth / total);
  return "[" + style.Good(std::string(static_cast<std::size_t>(filled), '#')) +
         style.Dim(std::string(static_cast<std::size_t>(kProgressBarWidth - filled), '.')) + "]";
}

bool AskYesNo(const std::string& question) {
  fmt::print("{} {} ", question, _("[y/N]"));
  std::fflush(stdout);
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  if (answer == "y" || answer == "Y" || answer == "yes") return true;  // in every language
  // A translation's own words for yes, space-separated (Korean: 예 네 ㅇ); English has none.
  // TRANSLATORS: the answers that mean yes in your language, separated by spaces (y and yes are
  // always accepted); "yes-words:" itself, as a translation, adds none.
  std::istringstream yes_words(_("yes-words:"));
  for (std::string word; yes_words >> word;) {
    if (word != "yes-words:" && answer == word) return true;
  }
  return false;
}

}  // namespace

int RunList(Session& session) {
  RefreshUncheckedChapters(session);
  const auto& style = session.Print();
  const auto& chapters = session.Kit().Chapters().chapters;

  std::size_t done = 0;
  const Chapter* next = nullptr;
  std::string rows;
  for (const auto& chapter : chapters) {
    const auto state = session.StateOf(chapter);
    std::string mark = style.Dim("·");
    std::string note = style.Dim(_("  (not checked yet)"));
    if (state == Progress::State::kPassing) {
      ++done;
      mark = style.Good("✓");
      note.clear();
    } else if (state == Progress::State::kFailing) {
      mark = style.Bad("✗");
      note = style.Dim(_("  (not passing yet)"));
    }
    if (state != Progress::State::kPassing && next == nullptr) next = &chapter;
    rows += fmt::format("  {} {}  {}{}\n", mark, chapter.number, _(chapter.title), note);
  }
  fmt::print(fmt::runtime(_("{}  {} {} of {} chapters pass\n\n{}\n")), style.Bold("cancelkit"),
             ProgressBar(style, done, chapters.size()), done, chapters.size(), rows);
  if (next == nullptr) {
    fmt::print("{}",
               _("Every chapter passes. Compare your code with the solutions: ./kit diff NN\n"));
  } else {
    fmt::print(fmt::runtime(_("Next: read {}, then run {}\n")),
               session.Shown(LessonFile(session.Kit(), *next)),
               style.Bold("./kit watch " + next->number));
  }
  return 0;
}

std::string NextHint(Session& session, const Chapter& chapter, std::string_view again) {
  const auto& hints = chapter.hints;
  const auto& style = session.Print();
  if (hints.empty()) {
    return fmt::format(fmt::runtime(_("Chapter {} has no hints; its lesson is {}\n")),
                       chapter.number, session.Shown(LessonFile(session.Kit(), chapter)));
  }
  const int total = static_cast<int>(hints.size());
  const int shown = std::min(session.Saved().HintsShown(chapter.number) + 1, total);
  session.Saved().SetHintsShown(chapter.number, shown);
  session.Saved().Save();
  std::string text;
  for (int index = 0; index < shown; ++index) {
    const auto line = fmt::format(fmt::runtime(_("Hint {} of {}: {}")), index + 1, total,
                                  _(hints[static_cast<std::size_t>(index)]));
    text += (index + 1 == shown ? style.Bold(line) : style.Dim(line)) + "\n";
  }
  if (shown < total) {
    text += fmt::format(fmt::runtime(_("{} for the next one.\n")), again);
  } else {
    text +=
        fmt::format(fmt::runtime(_("That was the last hint. The solution: ./kit solution {}\n")),
                    chapter.number);
  }
  return text;
}

int RunHint(Session& session, const Chapter& chapter) {
  fmt::print("{}",
             NextHint(session, chapter,
                      fmt::format(fmt::runtime(_("Run ./kit hint {} again")), chapter.number)));
  return 0;
}

int RunDiff(Session& session, const Chapter& chapter) {
  const auto& kit = session.Kit();
  const auto yours = kit.LearnerFiles(chapter);
  const auto solution = kit.SolutionFiles(chapter);
  for (std::size_t index = 0; index < yours.size(); ++index) {
    const auto your_name = fmt::format(fmt::runtime(_("{} (yours)")), session.Shown(yours[index]));
    const bool is_test = index >= chapter.files.size();  // code first, then the tests
    const auto solution_name =
        fmt::format(fmt::runtime(is_test ? _("{} (the model test)") : _("{} (the solution)")),
                    session.Shown(solution[index]));
    const auto your_text = ReadFile(yours[index]);
    const auto solution_text = ReadFile(solution[index]);
    const auto diff =
        UnifiedDiff({.name = your_name, .text = your_text},
                    {.name = solution_name, .text = solution_text}, session.Print().Colored());
    if (diff.empty()) {
      fmt::print(fmt::runtime(_("{} is the same as the {}.\n")), session.Shown(yours[index]),
                 is_test ? _("model test") : _("solution"));
    } else {
      fmt::print("{}", diff);
    }
  }
  return 0;
}

int RunReset(Session& session, const Chapter& chapter, bool assume_yes) {
  const auto& kit = session.Kit();
  // Everything that can fail is done before the first learner file is touched.
  const auto starting_code = kit.StartingCode(chapter);
  if (!starting_code) return Fail(starting_code.error());
  const bool unchanged = std::ranges::all_of(
      *starting_code, [](const auto& entry) { return ReadFile(entry.first) == entry.second; });
  if (unchanged) {
    fmt::print(fmt::runtime(_("Chapter {} is already at its starting code: nothing to do.\n")),
               chapter.number);
    return 0;
  }
  if (!assume_yes &&
      !AskYesNo(fmt::format(
          fmt::runtime(_("Reset chapter {} to its starting code? Your files are backed up first.")),
          chapter.number))) {
    fmt::print("{}", _("Nothing was changed.\n"));
    return 1;
  }
  const auto backup = kit.BackUp(chapter);
  if (!backup) return Fail(backup.error());
  for (const auto& [file, code] : *starting_code) {
    if (!WriteFileAtomically(file, code)) {
      return Fail(fmt::format(fmt::runtime(_("could not write {}")), file.string()));
    }
  }
  fmt::print(
      fmt::runtime(_("Chapter {} is back at its starting code. Your files are saved in {}\n")),
      chapter.number, session.Shown(*backup));
  return 0;
}

int RunSolution(Session& session, const Chapter& chapter, bool show) {
  for (const auto& file : session.Kit().SolutionFiles(chapter)) {
    if (!show) {
      fmt::print("{}\n", session.Shown(file));
      continue;
    }
    fmt::print("{}\n{}\n", session.Print().Bold("// " + session.Shown(file)), ReadFile(file));
  }
  return 0;
}

int RunShowWrong(Session& session, const Chapter& chapter, const std::string& slug) {
  const auto& kit = session.Kit();
  const auto turns = ReadTurns(kit.SolutionDir(chapter), chapter.files);
  if (!turns) return Fail(turns.error());
  std::vector<std::string> slugs;
  for (const auto& turn : *turns) {
    if (turn.kind != Turn::Kind::kWrong) continue;
    if (turn.slug != slug) {
      slugs.push_back(turn.slug);
      continue;
    }
    for (const auto& file : turn.files) {
      fmt::print("{}\n{}\n", session.Print().Bold("// " + session.Shown(file)), ReadFile(file));
    }
    return 0;
  }
  std::string known;
  for (const auto& each : slugs) known += (known.empty() ? "" : ", ") + each;
  return Fail(fmt::format(fmt::runtime(_("chapter {} has no wrong turn '{}'; it has: {}")),
                          chapter.number, slug, known));
}

}  // namespace kit
