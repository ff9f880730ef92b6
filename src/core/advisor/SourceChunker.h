#pragma once

#include "advisor/CodeChunk.h"

#include <QList>
#include <QString>

// Cuts a source file into the chunks the code index stores. Python (by indentation), JavaScript,
// TypeScript, Go, Java, C, C++ and Rust (by braces) are cut by structure: a chunk for each
// top-level function or block, each member of a class (or namespace, impl, …) on its own with
// the class's name in its symbol (`User.save`, `ns::Foo::bar`), and the code between them (imports,
// fields, a class's header) in chunks of its own. Other files are cut in windows of WindowLines
// lines, WindowOverlap of them shared with the window before. No chunk is longer than
// MaxChunkLines lines or MaxChunkCharacters characters: a longer function is cut in windows too,
// each with the function's symbol, and a longer line is cut short. Blank lines are left out at
// a chunk's ends, and chunks with no letter or digit (a lone `}`) are not made.
class SourceChunker
{
public:
    static constexpr int MaxChunkLines = 80;
    static constexpr int WindowLines = 60;
    static constexpr int WindowOverlap = 10;
    static constexpr qsizetype MaxChunkCharacters = 8000;

    // `python`, `javascript`, `typescript`, `go`, `java`, `c`, `cpp` (also for `.h`), `rust`, and a
    // name for other known kinds (`yaml`, `markdown`, `shell`, …); `text` otherwise.
    static QString languageOf(const QString& path);

    // path: relative to the source folder, copied into the chunks.
    static QList<CodeChunk> chunk(const QString& path, const QString& text);
};
