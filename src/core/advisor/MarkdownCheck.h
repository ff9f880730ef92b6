#pragma once

#include <QStringList>

// Whether an LLM's answer is GitHub-flavoured Markdown a report can keep: its code blocks are
// closed, its tables are tables (a header separator row, as many cells in every row as in the
// header, and cmark-gfm reads them as tables), and its diffs are inside fenced blocks. Problems
// are said plainly with their line, so that the model can be asked to fix them.
class MarkdownCheck
{
public:
    // Empty when the answer can be kept.
    static QStringList problemsOf(const QString& markdown);
};
