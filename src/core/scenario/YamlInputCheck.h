#pragma once

#include "scenario/SourceLines.h"

#include <optional>

#include <QString>

// A problem in a document's raw text, found before the YAML parser sees it.
struct InputProblem
{
    int line = 0; // from 1
    int byteColumn = 0; // from 0
    QString code;
    QString message;
};

// Checks a document's text for what the YAML parser should never be given: bytes that are not
// UTF-8, and nesting so deep that reading it would recurse without bound.
class YamlInputCheck
{
public:
    // Far beyond what a scenario needs (about ten levels), far below what overflows a stack.
    static constexpr int MaximumDepth = 64;

    static std::optional<InputProblem> check(const SourceLines& lines, int firstLine, int lastLine);

private:
    static std::optional<InputProblem> findInvalidUtf8(const SourceLines& lines, int firstLine, int lastLine);
    static std::optional<InputProblem> findExcessiveNesting(const SourceLines& lines, int firstLine, int lastLine);
};
