#include "advisor/PythonOutliner.h"

#include <algorithm>

#include <QList>
#include <QRegularExpression>
#include <QStringList>

namespace
{
constexpr int TabWidth = 8;

struct PhysicalLine
{
    bool continuesStatement = false; // inside a string or brackets, or after a `\`
    bool hasCode = false;
    bool isCommentOnly = false;
    int indent = 0;
    QString code; // strings reduced to their quotes, the comment dropped
};

// A statement, over one or more physical lines (0-based).
struct LogicalLine
{
    int first = 0;
    int last = 0;
    int indent = 0;
    QString head;
};

int indentOf(QStringView line)
{
    int width = 0;
    for (const QChar character : line) {
        if (character == u' ') {
            ++width;
        } else if (character == u'\t') {
            width = (width / TabWidth + 1) * TabWidth;
        } else {
            break;
        }
    }
    return width;
}

QList<PhysicalLine> lex(const QStringList& lines)
{
    QList<PhysicalLine> result;
    result.reserve(lines.size());
    bool inString = false;
    bool triple = false;
    QChar quote;
    int depth = 0;
    bool continued = false;
    for (const QString& raw : lines) {
        const QStringView line = raw.endsWith(u'\r') ? QStringView(raw).chopped(1) : QStringView(raw);
        PhysicalLine physical;
        physical.continuesStatement = inString || depth > 0 || continued;
        physical.indent = indentOf(line);
        continued = false;
        bool hasComment = false;
        for (qsizetype index = 0; index < line.size(); ++index) {
            const QChar character = line.at(index);
            if (inString) {
                physical.hasCode = true;
                if (character == u'\\') {
                    ++index;
                    // A `\` at the end of a one-line string carries it on to the next line.
                    continued = index >= line.size();
                } else if (character == quote && (!triple || line.sliced(index).startsWith(QString(3, quote)))) {
                    inString = false;
                    index += triple ? 2 : 0;
                    physical.code.append(character);
                }
                continue;
            }
            if (character == u'#') {
                hasComment = true;
                break;
            }
            if (character == u'"' || character == u'\'') {
                inString = true;
                quote = character;
                triple = line.sliced(index).startsWith(QString(3, quote));
                index += triple ? 2 : 0;
                physical.hasCode = true;
                physical.code.append(character);
                continue;
            }
            if (character == u'(' || character == u'[' || character == u'{') {
                ++depth;
            } else if (character == u')' || character == u']' || character == u'}') {
                depth = std::max(0, depth - 1);
            } else if (character == u'\\' && index == line.size() - 1) {
                continued = true;
            }
            physical.hasCode = physical.hasCode || !character.isSpace();
            physical.code.append(character);
        }
        // A one-line string left open ends with its line, unless a `\` carries it on.
        if (inString && !triple && !continued) {
            inString = false;
        }
        physical.isCommentOnly = hasComment && !physical.hasCode;
        result.append(physical);
    }
    return result;
}

QList<LogicalLine> logicalLines(const QList<PhysicalLine>& physical)
{
    QList<LogicalLine> result;
    for (int index = 0; index < physical.size(); ++index) {
        const PhysicalLine& line = physical.at(index);
        if (line.continuesStatement && !result.isEmpty()) {
            if (line.hasCode) {
                result.last().last = index;
            }
            continue;
        }
        if (line.hasCode) {
            result.append(LogicalLine{index, index, line.indent, line.code.trimmed()});
        }
    }
    return result;
}

class Builder
{
public:
    Builder(const QList<PhysicalLine>& physical, const QList<LogicalLine>& logical)
        : m_physical(physical)
        , m_logical(logical)
    { }

    // The entries among logical lines [begin, end), a block whose statements are indented alike,
    // depth containers deep.
    std::vector<OutlineEntry> entries(int begin, int end, int depth) const
    {
        static const QRegularExpression definition(QStringLiteral("^(?:async\\s+)?(def|class)\\s+(\\w+)"),
                                                   QRegularExpression::UseUnicodePropertiesOption);
        std::vector<OutlineEntry> result;
        if (begin >= end) {
            return result;
        }
        const int level = m_logical.at(begin).indent;
        int decoratorStart = -1;
        for (int index = begin; index < end; ++index) {
            const LogicalLine& line = m_logical.at(index);
            if (line.indent != level) {
                continue;
            }
            if (line.head.startsWith(u'@')) {
                decoratorStart = decoratorStart < 0 ? index : decoratorStart;
                continue;
            }
            const QRegularExpressionMatch match = definition.match(line.head);
            if (match.hasMatch()) {
                int bodyEnd = index + 1;
                while (bodyEnd < end && m_logical.at(bodyEnd).indent > level) {
                    ++bodyEnd;
                }
                OutlineEntry entry;
                entry.firstLine
                    = withCommentsAbove(m_logical.at(decoratorStart < 0 ? index : decoratorStart).first, level) + 1;
                entry.lastLine = m_logical.at(bodyEnd - 1).last + 1;
                entry.symbol = match.captured(2);
                entry.isContainer = match.captured(1) == QLatin1String("class");
                if (entry.isContainer && depth < OutlineEntry::MaxDepth) {
                    entry.members = entries(index + 1, bodyEnd, depth + 1);
                }
                result.push_back(std::move(entry));
                index = bodyEnd - 1;
            }
            decoratorStart = -1;
        }
        return result;
    }

private:
    // The comment lines right above, at the same indentation, belong to what follows them.
    int withCommentsAbove(int line, int indent) const
    {
        while (line > 0 && m_physical.at(line - 1).isCommentOnly && m_physical.at(line - 1).indent == indent) {
            --line;
        }
        return line;
    }

    const QList<PhysicalLine>& m_physical;
    const QList<LogicalLine>& m_logical;
};
} // namespace

std::vector<OutlineEntry> PythonOutliner::outline(const QString& text)
{
    const QList<PhysicalLine> physical = lex(text.split(u'\n'));
    const QList<LogicalLine> logical = logicalLines(physical);
    return Builder(physical, logical).entries(0, logical.size(), 0);
}
