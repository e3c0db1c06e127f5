// The verbs of kit_cli, one function each, returning the process's exit code. main.cpp parses the
// command line, opens the learner's Session once and resolves the chapter a verb names, then
// calls the verb: a learner's verb never opens or resolves anything itself. The maintainer's
// verbs (`kit_cli dev ...`) need no session.
#pragma once

#include <filesystem>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace kit {

class Session;
struct Chapter;

enum class ColorMode { kAuto, kAlways, kNever };

struct GlobalOptions {
  std::filesystem::path root;  // the kit's repository; ./kit passes it
  ColorMode color = ColorMode::kAuto;
};

struct SelfCheckOptions {
  std::string chapter;
  std::filesystem::path manifest;
  std::filesystem::path program;  // chNN_exercise, or the turn's chNN_wrong_<slug> / _right_
  std::filesystem::path turn;     // empty: check the exercise; else solutions/<dir>/wrong/<slug>
  std::string build = "plain";    // the build the program comes from: plain, race or asan
  // The learner's test's promises instead: "start" (the starting test passes on the solution and
  // lets every graded wrong turn through) or "model" (the model test passes and catches them),
  // with the programs in `programs_dir` (build/<preset>/chapters).
  std::string grade;
  std::filesystem::path programs_dir;
};
int RunSelfCheck(const SelfCheckOptions& options);

// kit_cli dev lessons: the lessons' pasted outputs and commands against this kit. `app` is the
// command line itself, for the `./kit <verb>` commands the lessons give.
struct LessonsOptions {
  std::string chapter;  // empty: every lesson and the root README; "readme": the README only
  std::filesystem::path build_dir;
};
int RunLessons(const GlobalOptions& global, const LessonsOptions& options, const CLI::App& app);

// kit_cli dev check: the manifest, chapters/ and solutions/ agree (tools/kit/src/layout_check.h).
struct DevCheckOptions {
  std::filesystem::path build_dir;  // empty: the files only; else also the tests of its programs
};
int RunDevCheck(const GlobalOptions& global, const DevCheckOptions& options);

// kit_cli dev pot: the manifest's and the graded wrong turns' learner-facing text, as a gettext
// template (po/update.sh merges it with the C++'s messages).
int RunDevPot(const GlobalOptions& global);

enum class Sanitizer { kNone, kThread, kAddress };

struct CheckOptions {
  std::string chapter;  // empty: the first unfinished chapter
  Sanitizer sanitizer = Sanitizer::kNone;
  bool full_output = false;  // a failed build: everything the compiler said, not the first error
};
int RunCheck(Session& session, const Chapter& chapter, const CheckOptions& options);
int RunWatch(Session& session, const Chapter& chapter, const CheckOptions& options);

int RunList(Session& session);
int RunHint(Session& session, const Chapter& chapter);
int RunDiff(Session& session, const Chapter& chapter);
int RunReset(Session& session, const Chapter& chapter, bool assume_yes);
int RunSolution(Session& session, const Chapter& chapter, bool show);
// The code of one wrong turn (solutions/<dir>/wrong/<slug>/), for a learner whose test let it
// through: the kit names it, and shows it only when asked.
int RunShowWrong(Session& session, const Chapter& chapter, const std::string& slug);

}  // namespace kit
