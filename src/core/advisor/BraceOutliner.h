#pragma once

#include "advisor/OutlineEntry.h"

#include <vector>

#include <QString>

// The top-level functions, classes and other blocks of a language with braces, found by matching
// braces in the text with its comments and the insides of its strings blanked out: `//` and `/* */`
// comments (nested in Rust), escapes, C++ raw strings, Rust raw strings, char literals and
// lifetimes, Java text blocks, Go raw strings, JavaScript templates with their `${…}`, and C
// preprocessor lines. A block's statement starts after the `;` or `}` that ended the one before
// it (and, in Go and JavaScript, which may leave out `;`, after a line that ends a statement), and
// takes the comments just above it. A class, interface, namespace, impl, trait or module is a
// container: its members are entries of their own. Regular expression literals in JavaScript are
// not recognised, so a brace in one can mislead the outline of its file.
class BraceOutliner
{
public:
    enum class Dialect {
        C,
        Cpp,
        Java,
        Go,
        JavaScript, // and TypeScript
        Rust,
    };

    static std::vector<OutlineEntry> outline(const QString& text, Dialect dialect);
};
