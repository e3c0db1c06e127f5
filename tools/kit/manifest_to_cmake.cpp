// manifest_to_cmake: prints chapters/chapters.toml as CMake commands, so that the build reads the
// manifest with the CLI's own parser (src/manifest.cpp) instead of a second one written in CMake.
// cmake/CancelkitManifest.cmake compiles it at configure time and includes what it prints: for
// each chapter, the values cancelkit_add_chapter() needs, as global properties
// CANCELKIT_CHAPTER_<NN>_<key>.
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "manifest.h"

namespace {

// A CMake bracket argument holds any text but its own closing bracket: use a longer one.
std::string Bracketed(std::string_view text) {
  std::string equals = "=";
  while (text.find("]" + equals + "]") != std::string_view::npos) equals += "=";
  return "[" + equals + "[" + std::string(text) + "]" + equals + "]";
}

// A list of names (files, wrong turns) as a CMake list; the manifest's reader has checked that
// they are plain names, none holding a ';'.
std::string List(const std::vector<std::string>& items) {
  std::string list;
  for (const std::string& item : items) list += (list.empty() ? "" : ";") + item;
  return Bracketed(list);
}

void Property(std::string_view chapter, std::string_view key, const std::string& value) {
  std::cout << "set_property(GLOBAL PROPERTY CANCELKIT_CHAPTER_" << chapter << "_" << key << " "
            << value << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: manifest_to_cmake <chapters.toml>\n";
    return 2;
  }
  const auto manifest = kit::LoadManifest(argv[1]);
  if (!manifest) {
    std::cerr << manifest.error() << "\n";
    return 1;
  }
  std::vector<std::string> numbers;
  for (const kit::Chapter& chapter : manifest->chapters) {
    numbers.push_back(chapter.number);
    Property(chapter.number, "dir", Bracketed(chapter.dir));
    Property(chapter.number, "timeout_ms", std::to_string(chapter.timeout.count()));
    Property(chapter.number, "hang_diagnosis", Bracketed(chapter.hang_diagnosis));
    Property(chapter.number, "test_files", List(chapter.test_files));
    Property(chapter.number, "grades_against", List(chapter.grades_against));
    Property(chapter.number, "red_at_start", chapter.red_at_start ? "TRUE" : "FALSE");
  }
  std::cout << "set_property(GLOBAL PROPERTY CANCELKIT_CHAPTERS " << List(numbers) << ")\n";
  return 0;
}
