#include "scenario/SourceLines.h"

#include <algorithm>

SourceLines::SourceLines(const QByteArray& text)
    : m_text(text)
{
    m_lineStarts.append(0);
    for (qsizetype offset = text.indexOf('\n'); offset >= 0; offset = text.indexOf('\n', offset + 1)) {
        m_lineStarts.append(offset + 1);
    }
    if (m_lineStarts.last() != text.size()) {
        m_lineStarts.append(text.size() + 1); // as if the last line had a line break
    }
}

const QByteArray& SourceLines::text() const
{
    return m_text;
}

int SourceLines::lineCount() const
{
    return static_cast<int>(m_lineStarts.size() - 1);
}

bool SourceLines::endsWithLineBreak() const
{
    return m_text.isEmpty() || m_text.endsWith('\n');
}

QByteArrayView SourceLines::lines(int first, int last) const
{
    first = std::max(first, 1);
    last = std::min(last, lineCount());
    if (first > last) {
        return {};
    }
    const qsizetype begin = m_lineStarts[first - 1];
    const qsizetype end = std::min(m_lineStarts[last], m_text.size());
    return QByteArrayView(m_text.constData() + begin, end - begin);
}

QByteArrayView SourceLines::bytes(int line) const
{
    if (line < 1 || line > lineCount()) {
        return {};
    }
    const qsizetype begin = m_lineStarts[line - 1];
    qsizetype end = std::min(m_lineStarts[line] - 1, m_text.size());
    if (end > begin && m_text[end - 1] == '\r') {
        --end;
    }
    return QByteArrayView(m_text.constData() + begin, end - begin);
}

QString SourceLines::text(int line) const
{
    return QString::fromUtf8(bytes(line));
}

int SourceLines::characterColumn(int line, int byteColumn) const
{
    const QByteArrayView lineBytes = bytes(line);
    const qsizetype prefix = std::clamp<qsizetype>(byteColumn, 0, lineBytes.size());
    const QByteArrayView head = lineBytes.first(prefix);
    const bool ascii = std::all_of(head.begin(), head.end(), [](char byte) { return (byte & 0x80) == 0; });
    return 1 + static_cast<int>(ascii ? prefix : QString::fromUtf8(head).size())
        + static_cast<int>(byteColumn - prefix);
}

int SourceLines::indentation(int line) const
{
    const QByteArrayView lineBytes = bytes(line);
    int spaces = 0;
    while (spaces < lineBytes.size() && lineBytes[spaces] == ' ') {
        ++spaces;
    }
    if (spaces == lineBytes.size() || lineBytes[spaces] == '#') {
        return -1;
    }
    return spaces;
}

bool SourceLines::startsAt(int line, int column) const
{
    return indentation(line) == column;
}

bool SourceLines::startsSequenceEntry(int line, int column) const
{
    const QByteArrayView lineBytes = bytes(line);
    return indentation(line) == column && lineBytes[column] == '-'
        && (lineBytes.size() == column + 1 || lineBytes[column + 1] == ' ');
}

int SourceLines::blockEnd(int line, int lastLine, int column, bool siblingsIncluded) const
{
    int end = line;
    for (int next = line + 1; next <= std::min(lastLine, lineCount()); ++next) {
        const int indent = indentation(next);
        if (indent < 0) {
            continue;
        }
        const bool deeper = indent > column;
        const bool sameColumn = indent == column && (siblingsIncluded || startsSequenceEntry(next, column));
        if (!deeper && !sameColumn) {
            break;
        }
        end = next;
    }
    return end;
}

int SourceLines::keyBlockEnd(int line, int column, int lastLine) const
{
    return blockEnd(line, lastLine, column, false);
}

int SourceLines::mappingEnd(int line, int column, int lastLine) const
{
    return blockEnd(line, lastLine, column, true);
}
