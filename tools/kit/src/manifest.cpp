#include "manifest.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace kit {

namespace {

std::vector<std::string> Strings(const toml::table& table, std::string_view key) {
  std::vector<std::string> values;
  if (const auto* array = table[key].as_array()) {
    for (const auto& element : *array) {
      if (const auto value = element.value<std::string>()) values.push_back(*value);
    }
  }
  return values;
}

std::expected<Chapter, std::string> ReadChapter(const toml::table& table, std::size_t position) {
  Chapter chapter;
  chapter.number = table["number"].value_or(std::string());
  chapter.dir = table["dir"].value_or(std::string());
  const std::string where = chapter.number.empty()
                                ? "[[chapter]] number " + std::to_string(position + 1)
                                : "chapter " + chapter.number;
  if (chapter.number.empty() || chapter.dir.empty()) {
    return std::unexpected(where + ": `number` and `dir` are required");
  }
  if (!chapter.dir.starts_with(chapter.number)) {
    return std::unexpected(where + ": `dir` must start with the chapter's number");
  }
  chapter.title = table["title"].value_or(chapter.dir);
  chapter.files = Strings(table, "files");
  if (chapter.files.empty()) return std::unexpected(where + ": `files` lists no learner file");
  if (const auto ms = table["timeout_ms"].value<std::int64_t>()) {
    if (*ms <= 0) return std::unexpected(where + ": `timeout_ms` must be positive");
    chapter.timeout = std::chrono::milliseconds(*ms);
  }
  chapter.test_files = Strings(table, "test_files");
  chapter.grades_against = Strings(table, "grades_against");
  if (chapter.test_files.empty() != chapter.grades_against.empty()) {
    return std::unexpected(where +
                           ": `test_files` and `grades_against` go together: the learner's test "
                           "and the wrong turns it must catch");
  }
  if (const auto red = table["red_at_start"]; red && !red.is_boolean()) {
    return std::unexpected(where + ": `red_at_start` is true or false");
  }
  chapter.red_at_start = table["red_at_start"].value_or(false);
  if (chapter.red_at_start && chapter.test_files.empty()) {
    return std::unexpected(where +
                           ": `red_at_start` needs a test for the learner to write "
                           "(`test_files`)");
  }
  // Names only: they become paths under chapters/<dir>/ and solutions/<dir>/, and CMake lists.
  for (const auto* names : {&chapter.files, &chapter.test_files, &chapter.grades_against}) {
    for (const auto& name : *names) {
      if (name.empty() || name.find_first_of("/\\; \t") != std::string::npos || name == "..") {
        return std::unexpected(where + ": '" + name +
                               "' must be a plain name, without a folder, a ';' or a space");
      }
    }
  }
  for (const auto& file : chapter.test_files) {
    if (!file.ends_with("_test.cpp")) {
      return std::unexpected(where + ": the test file " + file + " must end in _test.cpp");
    }
  }
  chapter.failing_at_start = Strings(table, "failing_at_start");
  chapter.hang_diagnosis = table["hang_diagnosis"].value_or(std::string());
  chapter.hints = Strings(table, "hints");
  return chapter;
}

// "2" and "02" name the same chapter.
std::optional<int> AsNumber(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

const Chapter* Manifest::Find(std::string_view number_or_dir) const {
  const auto wanted = AsNumber(number_or_dir);
  for (const auto& chapter : chapters) {
    if (chapter.dir == number_or_dir || chapter.number == number_or_dir) return &chapter;
    if (wanted && AsNumber(chapter.number) == wanted) return &chapter;
  }
  return nullptr;
}

const Chapter* Manifest::After(const Chapter& chapter) const {
  const auto found = std::ranges::find(chapters, chapter.number, &Chapter::number);
  if (found == chapters.end() || std::next(found) == chapters.end()) return nullptr;
  return &*std::next(found);
}

std::expected<Manifest, std::string> ParseManifest(std::string_view toml_text,
                                                   std::string_view source_name) {
  toml::table document;
  try {
    document = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return std::unexpected(std::string(source_name) + ":" + std::to_string(where.line) + ": " +
                           std::string(error.description()));
  }
  const auto* tables = document["chapter"].as_array();
  if (tables == nullptr || tables->empty()) {
    return std::unexpected(std::string(source_name) + ": no [[chapter]] tables");
  }
  Manifest manifest;
  for (std::size_t position = 0; position < tables->size(); ++position) {
    const auto* table = tables->get(position)->as_table();
    if (table == nullptr) continue;
    auto chapter = ReadChapter(*table, position);
    if (!chapter) return std::unexpected(std::string(source_name) + ": " + chapter.error());
    manifest.chapters.push_back(std::move(*chapter));
  }
  return manifest;
}

std::expected<Manifest, std::string> LoadManifest(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) return std::unexpected("cannot read " + path.string());
  std::ostringstream text;
  text << file.rdbuf();
  return ParseManifest(text.str(), path.string());
}

}  // namespace kit
