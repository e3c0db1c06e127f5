// A chapter's wrong turns and right turns: learner files kept beside the solution, in
// solutions/<dir>/wrong/<slug>/ and solutions/<dir>/right/<slug>/, that the chapter's tests must
// reject (a plausible mistake) or accept (a correct design that differs from the solution).
//
// Each file of a turn opens with one header line, the same in every file of the turn:
//
//   // wrong turn [plain]: a handler that cancels the store before it fetches
//   // wrong turn [race]: ...      (ThreadSanitizer must report it: ./kit check NN --race)
//   // wrong turn [asan]: ...      (AddressSanitizer/UBSan must report it: ./kit check NN --asan)
//   // right turn: a handler that polls a std::async future and the request's context
//
// A wrong turn is checked in the build its header names only; a right turn in every build.
//
// The description is a noun phrase, so that it reads after "your test lets this through: ".
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kit {

// The build a chapter's tests run in: the plain one, or one of the two sanitizer builds.
enum class BuildKind { kPlain, kRace, kAsan };

std::string_view Name(BuildKind kind);  // "plain", "race", "asan": the header's spelling
std::expected<BuildKind, std::string> ParseBuildKind(std::string_view name);

struct Turn {
  enum class Kind { kWrong, kRight };
  Kind kind = Kind::kWrong;
  std::string slug;         // the folder's name: "cancel-first"
  BuildKind rejected_by{};  // a wrong turn's run: the build whose run must reject it
  std::string description;  // "a handler that cancels the store before it fetches"
  std::filesystem::path dir;
  std::vector<std::filesystem::path> files;  // the learner files it replaces, sorted

  std::string Label() const;  // "wrong/cancel-first"
};

// Parses one header line; the error says what a header must look like.
std::expected<Turn, std::string> ParseTurnHeader(std::string_view line);

// Reads solutions/<dir>/{wrong,right}/<slug>/: every file must be one of `learner_files` and open
// with the same header.
std::expected<Turn, std::string> ReadTurn(const std::filesystem::path& dir,
                                          const std::vector<std::string>& learner_files);

// Every turn of a chapter, wrong ones first, each kind in the order of its slugs.
std::expected<std::vector<Turn>, std::string> ReadTurns(
    const std::filesystem::path& solution_dir, const std::vector<std::string>& learner_files);

}  // namespace kit
