// chapters/chapters.toml, read with toml++: the chapters in order, and what each one expects.
#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kit {

struct Chapter {
  std::string number;  // "02": the prefix of `dir` and of the CMake targets (ch02_exercise)
  std::string dir;     // "02-cancel", both in chapters/ and in solutions/
  std::string title;
  std::vector<std::string> files;  // the code the learner edits
  // The test(s) the learner writes, beside the kit's (chapters/<dir>/, the model test under the
  // same name in solutions/<dir>/), and the wrong turns (slugs in solutions/<dir>/wrong/) that
  // test must catch; both empty in a chapter without a test-writing step.
  std::vector<std::string> test_files;
  std::vector<std::string> grades_against;
  // The test step is red first: the learner's test must fail, by an assertion, on the starting
  // code (the learner files as git HEAD holds them), before the code it drives exists.
  bool red_at_start = false;
  std::chrono::milliseconds timeout{5000};    // the hang-watchdog limit of each test
  std::vector<std::string> failing_at_start;  // Suite.Test names
  std::string hang_diagnosis;
  std::vector<std::string> hints;

  std::string ExerciseTarget() const { return "ch" + number + "_exercise"; }
};

struct Manifest {
  std::vector<Chapter> chapters;

  // Accepts "2", "02" or the folder name "02-cancel".
  const Chapter* Find(std::string_view number_or_dir) const;
  // The chapter after `chapter`, if any.
  const Chapter* After(const Chapter& chapter) const;
};

// Reads and checks the manifest; the error names the file, and the chapter where it can.
std::expected<Manifest, std::string> LoadManifest(const std::filesystem::path& path);
std::expected<Manifest, std::string> ParseManifest(std::string_view toml_text,
                                                   std::string_view source_name);

}  // namespace kit
