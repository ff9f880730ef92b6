#include "scenario/YamlInputCheck.h"

#include <QList>

namespace
{
// Length of the UTF-8 sequence at the start of bytes, or 0 when it is not valid UTF-8 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
qsizetype validSequenceLength(QByteArrayView bytes)
{
    const auto byteAt = [&bytes](qsizetype index) {
        return static_cast<unsigned char>(bytes[index]);
    };
    const unsigned char lead = byteAt(0);
    if (lead < 0x80) {
        return 1;
    }
    qsizetype length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (bytes.size() < length || byteAt(1) < low || byteAt(1) > high) {
        return 0;
    }
    for (qsizetype index = 2; index < length; ++index) {
        if (byteAt(index) < 0x80 || byteAt(index) > 0xBF) {
            return 0;
        }
    }
    return length;
}

// Counts the nesting of one document the way the parser will meet it: block levels by
// indentation and `- ` entries, flow levels by brackets outside quotes and comments.
class NestingCounter
{
public:
    // The byte column at which the line goes deeper than the maximum, or -1.
    int tooDeepAt(QByteArrayView line, int maximumDepth)
    {
        int column = 0;
        while (column < line.size() && line[column] == ' ') {
            ++column;
        }
        if (m_flowDepth == 0 && m_quote == 0) {
            if (column < line.size() && m_blockScalarIndent >= 0 && column > m_blockScalarIndent) {
                return -1; // inside a `|` or `>` scalar, brackets are text
            }
            m_blockScalarIndent = -1;
            if (column == line.size() || line[column] == '#') {
                return -1;
            }
            while (!m_blockIndents.isEmpty() && m_blockIndents.last() >= column) {
                m_blockIndents.removeLast();
            }
            m_blockIndents.append(column);
        }
        int depth = static_cast<int>(m_blockIndents.size()) + m_flowDepth;
        for (int index = column; index < line.size(); ++index) {
            const char byte = line[index];
            if (m_quote != 0) {
                m_quote = byte == m_quote ? 0 : m_quote;
                index += byte == '\\' && m_quote == '"' ? 1 : 0;
                continue;
            }
            const bool tokenStart = index == 0 || line[index - 1] == ' ' || line[index - 1] == '['
                || line[index - 1] == '{' || line[index - 1] == ',';
            if (byte == '#' && (index == 0 || line[index - 1] == ' ')) {
                break;
            }
            if ((byte == '"' || byte == '\'') && tokenStart) {
                m_quote = byte;
            } else if (byte == '[' || byte == '{') {
                ++m_flowDepth;
            } else if ((byte == ']' || byte == '}') && m_flowDepth > 0) {
                --m_flowDepth;
            } else if ((byte == '-' || byte == '?') && tokenStart && m_flowDepth == 0
                       && (index + 1 == line.size() || line[index + 1] == ' ')) {
                ++depth; // `- - x` nests a sequence in a sequence on one line
            } else if ((byte == '|' || byte == '>') && tokenStart && m_flowDepth == 0) {
                m_blockScalarIndent = column;
            }
            if (depth + m_flowDepth > maximumDepth) {
                return index;
            }
        }
        return -1;
    }

private:
    QList<int> m_blockIndents;
    int m_flowDepth = 0;
    char m_quote = 0;
    int m_blockScalarIndent = -1;
};
} // namespace

std::optional<InputProblem> YamlInputCheck::check(const SourceLines& lines, int firstLine, int lastLine)
{
    if (auto problem = findInvalidUtf8(lines, firstLine, lastLine)) {
        return problem;
    }
    return findExcessiveNesting(lines, firstLine, lastLine);
}

std::optional<InputProblem> YamlInputCheck::findInvalidUtf8(const SourceLines& lines, int firstLine, int lastLine)
{
    const QByteArrayView text = lines.lines(firstLine, lastLine);
    int line = firstLine;
    qsizetype lineStart = 0;
    for (qsizetype offset = 0; offset < text.size();) {
        const char byte = text[offset];
        if (byte == '\n') {
            ++line;
            lineStart = ++offset;
            continue;
        }
        if ((byte & 0x80) == 0) {
            ++offset;
            continue;
        }
        const qsizetype length = validSequenceLength(text.sliced(offset));
        if (length == 0) {
            return InputProblem{line, static_cast<int>(offset - lineStart), QStringLiteral("invalid-utf8"),
                                QStringLiteral("invalid UTF-8 (byte 0x%1): scenario files must be UTF-8 text")
                                    .arg(static_cast<unsigned char>(byte), 2, 16, QLatin1Char('0'))};
        }
        offset += length;
    }
    return std::nullopt;
}

std::optional<InputProblem> YamlInputCheck::findExcessiveNesting(const SourceLines& lines, int firstLine, int lastLine)
{
    NestingCounter counter;
    for (int line = firstLine; line <= lastLine; ++line) {
        const int column = counter.tooDeepAt(lines.bytes(line), MaximumDepth);
        if (column >= 0) {
            return InputProblem{
                line, column, QStringLiteral("too-deep"),
                QStringLiteral("nesting deeper than %1 levels: a scenario needs about ten").arg(MaximumDepth)};
        }
    }
    return std::nullopt;
}
