#include "build_progress.h"

#include <fmt/core.h>

#include <charconv>

namespace kit {

std::optional<BuildStep> ParseNinjaStatus(std::string_view line) {
  if (!line.starts_with('[')) return std::nullopt;
  const auto slash = line.find('/');
  const auto close = line.find(']');
  if (slash == std::string_view::npos || close == std::string_view::npos || slash > close) {
    return std::nullopt;
  }
  BuildStep step;
  const auto* done_end = line.data() + slash;
  const auto* total_end = line.data() + close;
  const auto done = std::from_chars(line.data() + 1, done_end, step.done);
  const auto total = std::from_chars(done_end + 1, total_end, step.total);
  if (done.ec != std::errc{} || done.ptr != done_end || total.ec != std::errc{} ||
      total.ptr != total_end || step.total <= 0 || step.done > step.total) {
    return std::nullopt;
  }
  return step;
}

std::string ProgressLine(BuildStep step, std::chrono::seconds elapsed) {
  const auto clock = fmt::format("{}:{:02}", elapsed.count() / 60, elapsed.count() % 60);
  if (step.total <= 0) return "building...  " + clock;
  constexpr int kWidth = 20;
  const int filled = step.done * kWidth / step.total;
  const auto width = static_cast<int>(std::to_string(step.total).size());
  return fmt::format("building [{:>{}}/{}] {}{} {:>3}%  {}", step.done, width, step.total,
                     std::string(static_cast<std::size_t>(filled), '#'),
                     std::string(static_cast<std::size_t>(kWidth - filled), '-'),
                     step.done * 100 / step.total, clock);
}

void ProgressPrinter::operator()(BuildStep step, std::chrono::seconds elapsed) {
  if (elapsed < quiet_for_) return;
  if (terminal_) {
    fmt::print(out_, "\r\x1b[K{}", ProgressLine(step, elapsed));
    shown_ = true;
  } else if (step.total > 0 && step.done * 10 / step.total > tenths_shown_) {
    tenths_shown_ = step.done * 10 / step.total;
    fmt::print(out_, "{}\n", ProgressLine(step, elapsed));
  }
  std::fflush(out_);
}

void ProgressPrinter::Finish() {
  if (!shown_) return;
  fmt::print(out_, "\r\x1b[K");
  std::fflush(out_);
  shown_ = false;
}

std::expected<ProcessResult, std::string> RunBuild(
    const ProcessSpec& spec,
    const std::function<void(BuildStep, std::chrono::seconds elapsed)>& on_progress) {
  using Clock = std::chrono::steady_clock;
  auto child = ChildProcess::Start(spec);
  if (!child) return std::unexpected(child.error());
  const auto started = Clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started);
  };
  ProcessResult result;
  BuildStep step;
  std::size_t unread = 0;  // where the first line not yet looked at starts in result.output
  // Wake at least once a second, so that the clock moves through a long compile or link.
  while (auto text = child->ReadUntil(Clock::now() + std::chrono::seconds(1))) {
    result.output += *text;
    for (auto end = result.output.find('\n', unread); end != std::string::npos;
         end = result.output.find('\n', unread)) {
      if (const auto status =
              ParseNinjaStatus(std::string_view(result.output).substr(unread, end - unread))) {
        step = *status;
      }
      unread = end + 1;
    }
    on_progress(step, elapsed());
  }
  result.status = child->Wait();
  return result;
}

}  // namespace kit
