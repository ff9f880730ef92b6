#pragma once

#include "advisor/OutlineEntry.h"

#include <vector>

#include <QString>

// The `def`s and `class`es of Python source by indentation, each with its decorators and the
// comments just above it, a class with its methods as members. Aware of strings (triple-quoted
// ones too), comments, brackets and `\` continuations, so a docstring or an argument list at the
// first column never ends a block.
class PythonOutliner
{
public:
    static std::vector<OutlineEntry> outline(const QString& text);
};
