#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// The text of a YAML file as lines (numbered from 1), for placing what the parser reports and for
// building fixes that move whole lines. Block extents follow YAML's indentation rules.
class SourceLines
{
public:
    explicit SourceLines(const QByteArray& text);

    const QByteArray& text() const;
    int lineCount() const;
    bool endsWithLineBreak() const;
    // Lines first to last with their line breaks, as the parser gets them.
    QByteArrayView lines(int first, int last) const;
    // The line without its line break (and without a `\r` before it).
    QByteArrayView bytes(int line) const;
    QString text(int line) const;
    // The 1-based character column (UTF-16, as editors count) of a 0-based byte offset in line.
    int characterColumn(int line, int byteColumn) const;
    // Leading spaces of line, or -1 when it is blank or only a comment.
    int indentation(int line) const;
    // The line holds content at exactly column (0-based): its first token starts there.
    bool startsAt(int line, int column) const;

    // The last line of the value of the key at column (0-based) on line: the lines after it that
    // are indented deeper, or that start a block sequence at the same column. Trailing blank
    // and comment lines are left out; lastLine bounds the search.
    int keyBlockEnd(int line, int column, int lastLine) const;
    // The last line of the block mapping whose keys stand at column, starting on line.
    int mappingEnd(int line, int column, int lastLine) const;

private:
    int blockEnd(int line, int lastLine, int column, bool siblingsIncluded) const;
    bool startsSequenceEntry(int line, int column) const;

    QByteArray m_text;
    QList<qsizetype> m_lineStarts; // byte offset of each line; one more entry for the end
};
