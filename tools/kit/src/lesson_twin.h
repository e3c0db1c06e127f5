// A lesson and its Korean twin (README.md and README.ko.md) must stay in step. The prose is
// free, but what a learner copies or compares is not: the twin has the same headings at the same
// levels, in the same order, the same fenced blocks, byte for byte, and the same `<!-- -->`
// lines (the output annotations among them), each in the same place among the others. Because
// the blocks are identical, the outputs `kit dev lessons` verifies in the English lesson are
// verified for the twin too; its commands, in prose as well, are checked like the English ones.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lesson.h"

namespace kit {

// One thing the twins must share, where it stands in its document.
struct TwinPart {
  enum class Kind { kHeading, kBlock, kComment };
  Kind kind = Kind::kHeading;
  int line = 0;      // 1-based, where the part starts
  std::string text;  // what must be equal: "##" for a heading, the whole block, the comment
};

// The parts of a lesson, in order: headings outside fenced blocks, the blocks with their fences,
// and the lines that are an HTML comment.
std::vector<TwinPart> TwinParts(std::string_view markdown);

struct TwinNames {
  std::string_view lesson;  // "README.md", as the problems name it
  std::string_view twin;    // "README.ko.md"
};

// Where `twin` is out of step with `lesson`; each problem names a line of the twin (or, for a
// part the twin lacks, the twin's line where it belongs). Empty when they are in step.
std::vector<LessonProblem> CompareTwins(std::string_view lesson, std::string_view twin,
                                        TwinNames names);

// A relative link of a document, `[text](target)`, outside fenced blocks and inline code.
struct DocumentLink {
  int line = 0;
  std::string target;  // without its #fragment
};

std::vector<DocumentLink> RelativeLinks(std::string_view markdown);

}  // namespace kit
