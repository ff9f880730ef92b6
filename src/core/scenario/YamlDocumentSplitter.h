#pragma once

#include "scenario/SourceLines.h"

#include <QList>

// Where one YAML document lies in a file, in lines numbered from 1.
struct YamlDocumentRange
{
    int firstLine = 1; // the first line to give the parser (a `---` line or directives included)
    int lastLine = 1;
    int contentLine = 1; // the first line after any `---`
};

// Splits a file into its YAML documents at lines that are `---` or `...`, so that each is parsed
// alone: a broken document is reported and the others still load, with their own line numbers.
class YamlDocumentSplitter
{
public:
    // Documents with nothing but blank lines, comments and directives are left out.
    static QList<YamlDocumentRange> split(const SourceLines& lines);
};
