#include "lesson.h"

#include <algorithm>
#include <array>
#include <optional>
#include <regex>
#include <utility>

#include "text.h"

namespace kit {

namespace {

constexpr std::array<std::pair<std::string_view, OutputView>, 6> kViews{{
    {"gtest", OutputView::kGtest},
    {"kit", OutputView::kKit},
    {"kit-race", OutputView::kKitRace},
    {"kit-asan", OutputView::kKitAsan},
    {"stdout", OutputView::kStdout},
    {"grade", OutputView::kGrade},
}};

bool IsSlug(std::string_view slug) {
  static const std::regex kSlug("[a-z0-9]+(-[a-z0-9]+)*");
  return std::regex_match(slug.begin(), slug.end(), kSlug);
}

// Returns an error for a run the kit does not know.
std::optional<std::string> CheckRun(std::string_view run) {
  if (run == "start" || run == "solution" || run == "demo" || run == "model") return std::nullopt;
  for (const std::string_view kind : {"wrong/", "right/"}) {
    if (const auto slug = AfterPrefix(run, kind)) {
      if (IsSlug(*slug)) return std::nullopt;
      return "'" + std::string(*slug) +
             "' is not a turn's name (lowercase words joined by hyphens)";
    }
  }
  return "unknown run '" + std::string(run) +
         "' (start, solution, wrong/<slug>, right/<slug>, demo or model)";
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::exchange(word, {}));
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

// Reads "<run> <view> [<filter>]" into `block`, or says what is wrong with it.
std::optional<std::string> ReadAnnotation(std::string_view words_text, OutputBlock& block) {
  const auto words = Words(words_text);
  if (words.size() < 2 || words.size() > 3) {
    return "an output annotation is <!-- output: <run> <view> [<filter>] -->";
  }
  block.run = words[0];
  block.view_name = words[1];
  if (words.size() == 3) block.filter = words[2];
  if (auto error = CheckRun(block.run)) return error;
  const auto view = std::ranges::find(kViews, std::string_view(block.view_name),
                                      &std::pair<std::string_view, OutputView>::first);
  if (view == kViews.end()) {
    return "unknown view '" + block.view_name +
           "' (gtest, kit, kit-race, kit-asan, stdout or grade)";
  }
  block.view = view->second;
  if ((block.run == "demo") != (block.view == OutputView::kStdout)) {
    return "the demo is shown with the stdout view, and the stdout view shows only the demo";
  }
  if (block.view == OutputView::kGrade && block.run != "start" && block.run != "model") {
    return "the grade view grades the starting test (start) or the model test (model)";
  }
  if (block.run == "model" && block.view != OutputView::kGrade) {
    return "the model test is shown with the grade view";
  }
  if (!block.filter.empty() && block.view != OutputView::kGtest) {
    return "a filter only makes sense with the gtest view";
  }
  return std::nullopt;
}

}  // namespace

bool IsFence(std::string_view line) {
  return TrimLeft(line).starts_with("```");
}

Lesson ParseLesson(std::string_view markdown) {
  static const std::regex kAnnotationStart(R"(^\s*<!--\s*output\s*:)");  // not one quoted in prose
  static const std::regex kAnnotation(R"(\s*<!--\s*output\s*:(.*)-->\s*)");
  Lesson lesson;
  const auto lines = Lines(markdown);
  bool in_fence = false;
  for (std::size_t index = 0; index < lines.size(); ++index) {
    const auto line = lines[index];
    const int number = static_cast<int>(index) + 1;
    if (IsFence(line)) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence || !std::regex_search(line.begin(), line.end(), kAnnotationStart)) continue;
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_match(line.begin(), line.end(), match, kAnnotation)) {
      lesson.problems.push_back(
          {number, "an output annotation is <!-- output: <run> <view> [<filter>] --> on one line"});
      continue;
    }
    OutputBlock block;
    block.line = number;
    if (auto error = ReadAnnotation(match[1].str(), block)) {
      lesson.problems.push_back({number, *error});
      continue;
    }
    if (index + 1 >= lines.size() || !IsFence(lines[index + 1])) {
      lesson.problems.push_back(
          {number, "an output annotation must be directly above the fence (```) of its block"});
      continue;
    }
    std::size_t inside = index + 2;
    for (; inside < lines.size() && !IsFence(lines[inside]); ++inside) {
      block.lines.push_back({static_cast<int>(inside) + 1, std::string(lines[inside])});
    }
    if (inside >= lines.size()) {
      lesson.problems.push_back({number, "the block under this annotation is never closed"});
      break;
    }
    lesson.blocks.push_back(std::move(block));
    index = inside;  // the closing fence
  }
  return lesson;
}

std::string ProgramOf(std::string_view chapter_number, std::string_view run) {
  const std::string chapter = "ch" + std::string(chapter_number) + "_";
  if (run == "start") return chapter + "exercise";
  if (run == "solution") return chapter + "solution";
  if (run == "demo") return chapter + "demo_transcript";
  if (run == "model") return chapter + "model_solution";
  if (const auto slug = AfterPrefix(run, "wrong/")) return chapter + "wrong_" + std::string(*slug);
  if (const auto slug = AfterPrefix(run, "right/")) return chapter + "right_" + std::string(*slug);
  return chapter + std::string(run);
}

}  // namespace kit
