// kit_cli dev pot: the learner-facing text of chapters/chapters.toml (titles, hang diagnoses,
// hints) and of the wrong turns a learner's test is graded against (their descriptions), as a
// gettext template. The CLI looks them up in the catalogue at run time, so xgettext cannot find
// them in the C++; po/update.sh joins this template with xgettext's.
#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "commands.h"
#include "session.h"
#include "turns.h"
#include "workspace.h"

namespace kit {

namespace {

// A C string literal, as a .po file quotes a msgid.
std::string Quoted(std::string_view text) {
  std::string quoted = "\"";
  for (const char each : text) {
    switch (each) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        quoted += each;
    }
  }
  return quoted + "\"";
}

}  // namespace

int RunDevPot(const GlobalOptions& global) {
  const auto kit = Workspace::Open(global.root);
  if (!kit) return Fail(kit.error());
  std::set<std::string> said;  // a msgid may appear once in a template
  const auto entry = [&said](const std::string& where, const std::string& text) {
    if (text.empty() || !said.insert(text).second) return;
    fmt::print("#: {}\nmsgid {}\nmsgstr \"\"\n\n", where, Quoted(text));
  };
  fmt::print(
      "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"Content-Transfer-Encoding: 8bit\\n\"\n\n");
  for (const auto& chapter : kit->Chapters().chapters) {
    const std::string where = "chapters/chapters.toml:" + chapter.number;
    entry(where, chapter.title);
    entry(where, chapter.hang_diagnosis);
    for (const auto& hint : chapter.hints) entry(where, hint);
    const auto turns = ReadTurns(kit->SolutionDir(chapter), chapter.files);
    if (!turns) return Fail(turns.error());
    for (const auto& turn : *turns) {
      if (turn.kind != Turn::Kind::kWrong) continue;
      if (std::ranges::find(chapter.grades_against, turn.slug) == chapter.grades_against.end()) {
        continue;
      }
      entry("solutions/" + chapter.dir + "/wrong/" + turn.slug, turn.description);
    }
  }
  return 0;
}

}  // namespace kit
