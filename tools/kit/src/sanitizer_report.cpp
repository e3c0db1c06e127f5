#include "sanitizer_report.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <vector>

#include "text.h"

namespace kit {

namespace {

constexpr std::array<std::string_view, 5> kHeadlines{
    "WARNING: ThreadSanitizer:", "ERROR: AddressSanitizer:", "ERROR: LeakSanitizer:",
    "ERROR: ThreadSanitizer:",   "runtime error:",  // the last one is UBSan's
};
constexpr std::size_t kFramesPerStack = 3;
constexpr std::size_t kLongestFunctionName = 90;

// "/src/server.cpp:12:5" (clang's symbolizer names the column) becomes "/src/server.cpp:12", as
// g++'s runtime says it: one spelling for the learner, whichever compiler built the program.
std::string_view WithoutColumn(std::string_view location) {
  const auto column = location.rfind(':');
  if (column == std::string_view::npos || column == 0) return location;
  const auto line = location.rfind(':', column - 1);
  if (line == std::string_view::npos) return location;
  const bool line_and_column = AllDigits(location.substr(line + 1, column - line - 1)) &&
                               AllDigits(location.substr(column + 1));
  return line_and_column ? location.substr(0, column) : location;
}

// Whether `tail` is one parameter list, perhaps followed by " const": "(int, char) const".
bool IsParameterList(std::string_view tail) {
  if (tail.ends_with(" const")) tail.remove_suffix(std::string_view(" const").size());
  if (!tail.starts_with('(') || !tail.ends_with(')')) return false;
  int depth = 0;
  for (std::size_t i = 0; i < tail.size(); ++i) {
    depth += tail[i] == '(' ? 1 : tail[i] == ')' ? -1 : 0;
    if (depth == 0) return i + 1 == tail.size();  // the first '(' closes at the very end
  }
  return false;
}

// A lambda's call operator as g++'s runtime names it, "operator()". clang's names it after all
// that encloses it: "tutorial::Server(tutorial::Store&)::$_0::operator()(http::ResponseWriter&,
// http::Request const&) const", with `$_0` or `'lambda'()` for the lambda itself.
std::string LambdaAsGccNamesIt(std::string function) {
  constexpr std::string_view kCall = "::operator()";
  const auto call = function.rfind(std::string(kCall) + "(");
  if (call == std::string::npos) return function;
  const std::string_view before(function.data(), call);
  const bool in_a_lambda = before.find("::$_") != std::string_view::npos ||
                           before.find("'lambda") != std::string_view::npos;
  const bool ends_the_name =
      IsParameterList(std::string_view(function).substr(call + kCall.size()));
  return in_a_lambda && ends_the_name ? "operator()" : function;
}

// "    #2 0x55d1 in Fetch /src/server.cpp:12 (prog+0x12)" (ASan) or
// "    #2 Fetch /src/server.cpp:12 (prog+0x12)" (TSan) becomes "Fetch /src/server.cpp:12".
std::optional<std::string> Frame(std::string_view line) {
  const auto start = line.find_first_not_of(' ');
  if (start == std::string_view::npos || line[start] != '#') return std::nullopt;
  line.remove_prefix(start);
  line.remove_prefix(std::min(line.find(' '), line.size()));  // "#2"
  line = line.substr(std::min(line.find_first_not_of(' '), line.size()));
  if (line.starts_with("0x")) {
    line.remove_prefix(std::min(line.find(' '), line.size()));
    if (const auto rest = AfterPrefix(line, " in ")) line = *rest;
  }
  if (const auto binary = line.rfind(" ("); binary != std::string_view::npos) {
    line = line.substr(0, binary);
  }
  const auto location = line.rfind(' ');
  std::string function = LambdaAsGccNamesIt(std::string(line.substr(0, location)));
  if (function.size() > kLongestFunctionName) {
    function = function.substr(0, kLongestFunctionName) + "…";
  }
  if (location == std::string_view::npos) return function;
  return function + " " + std::string(WithoutColumn(line.substr(location + 1)));
}

// Frames in the C++ runtime, the C library or the sanitizer itself teach the learner nothing:
// their files are under /usr/, or named relative to where the system's libraries were built
// ("nptl/pthread_create.c", "../../src/libsanitizer/..."), or not named at all. The kit's own
// are absolute paths.
bool IsSystemFrame(std::string_view frame) {
  const auto location = frame.rfind(' ');
  if (location == std::string_view::npos) return true;
  const std::string_view file = frame.substr(location + 1);
  return !file.starts_with('/') || file.starts_with("/usr/") ||
         frame.find("<null>") != std::string_view::npos;
}

}  // namespace

bool IsSanitizerHeadline(std::string_view line) {
  return std::ranges::any_of(
      kHeadlines, [&](auto headline) { return line.find(headline) != std::string_view::npos; });
}

std::string SanitizerName(std::string_view report) {
  const std::string_view headline = report.substr(0, report.find('\n'));
  for (const std::string_view name : {"ThreadSanitizer", "LeakSanitizer", "AddressSanitizer"}) {
    if (headline.find(std::string(name) + ":") != std::string_view::npos) return std::string(name);
  }
  if (headline.find("runtime error:") != std::string_view::npos) {
    return "UndefinedBehaviorSanitizer";
  }
  return "a sanitizer";
}

std::optional<std::string> FirstLearnerFrame(std::string_view report,
                                             const std::vector<std::string>& learner_files) {
  for (const auto line : Lines(report)) {
    if (!line.starts_with("    ")) continue;  // only frames are indented this far
    const auto frame = line.substr(line.find_first_not_of(' '));
    const auto location = frame.rfind(' ');
    if (location == std::string_view::npos) continue;
    const std::string_view path =
        frame.substr(location + 1, frame.find(':', location) - location - 1);
    const bool in_a_chapter = path.find("chapters/") != std::string_view::npos ||
                              path.find("solutions/") != std::string_view::npos;
    const auto file = std::filesystem::path(path).filename().string();
    if (in_a_chapter && std::ranges::find(learner_files, file) != learner_files.end()) {
      return std::string(frame);
    }
  }
  return std::nullopt;
}

std::optional<std::string> FirstSanitizerReport(std::string_view output) {
  const auto lines = Lines(output);
  const auto headline = std::ranges::find_if(lines, IsSanitizerHeadline);
  if (headline == lines.end()) return std::nullopt;

  std::vector<std::string> report{std::string(*headline)};
  std::size_t frames_of_this_stack = 0;
  for (auto line = std::next(headline); line != lines.end(); ++line) {
    if (line->starts_with("SUMMARY:")) {
      report.emplace_back(*line);
      break;
    }
    if (line->starts_with("Shadow bytes") || line->starts_with("==")) {
      // The rest is for the sanitizer's authors, but its summary line says it all in one.
      const auto summary = std::find_if(
          line, lines.end(), [](std::string_view rest) { return rest.starts_with("SUMMARY:"); });
      if (summary != lines.end()) report.emplace_back(*summary);
      break;
    }
    if (const auto frame = Frame(*line)) {
      if (IsSystemFrame(*frame) || frames_of_this_stack == kFramesPerStack) continue;
      ++frames_of_this_stack;
      report.push_back("    " + *frame);
      continue;
    }
    frames_of_this_stack = 0;
    if (!line->empty()) report.emplace_back(*line);
  }
  return Join(report, "\n");
}

}  // namespace kit
