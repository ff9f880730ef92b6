#include "scenario/KeyMoveFix.h"

#include <algorithm>

KeyMoveFix::KeyMoveFix(const YamlDocumentContext& context)
    : m_context(context)
    , m_lines(context.lines())
{ }

std::optional<LineBlock> KeyMoveFix::blockOf(const YAML::Node& mapping, const YAML::Node& key) const
{
    const int line = m_context.lineOf(key.Mark());
    const int column = std::max(key.Mark().column, 0);
    if (mapping.Style() != YAML::EmitterStyle::Block || !m_lines.startsAt(line, column)) {
        return std::nullopt;
    }
    return LineBlock{line, m_lines.keyBlockEnd(line, column, m_context.lastLine()), column};
}

std::optional<InsertionPoint> KeyMoveFix::endOf(const YAML::Node& mapping) const
{
    if (!mapping.IsMap() || mapping.size() == 0 || mapping.Style() != YAML::EmitterStyle::Block) {
        return std::nullopt;
    }
    const YAML::Mark firstKey = mapping.begin()->first.Mark();
    const int line = m_context.lineOf(firstKey);
    const int column = std::max(firstKey.column, 0);
    return InsertionPoint{m_lines.mappingEnd(line, column, m_context.lastLine()) + 1, column};
}

std::optional<InsertionPoint> KeyMoveFix::under(const YAML::Node& emptyKey) const
{
    const int line = m_context.lineOf(emptyKey.Mark());
    const int column = std::max(emptyKey.Mark().column, 0);
    if (!m_lines.startsAt(line, column)) {
        return std::nullopt;
    }
    return InsertionPoint{m_lines.keyBlockEnd(line, column, m_context.lastLine()) + 1, column + IndentStep};
}

QString KeyMoveFix::reindentedLine(int line, int shift) const
{
    const QString text = m_lines.text(line);
    if (text.trimmed().isEmpty()) {
        return QStringLiteral("\n");
    }
    qsizetype indent = 0;
    while (indent < text.size() && text[indent] == QLatin1Char(' ')) {
        ++indent;
    }
    const qsizetype newIndent = std::max<qsizetype>(0, indent + shift);
    return QString(newIndent, QLatin1Char(' ')) + text.mid(indent) + QLatin1Char('\n');
}

QString KeyMoveFix::reindented(const LineBlock& block, int column) const
{
    QString text;
    for (int line = block.firstLine; line <= block.lastLine; ++line) {
        text += reindentedLine(line, column - block.column);
    }
    return text;
}

QString KeyMoveFix::reindentedKeyLine(const LineBlock& block, int column) const
{
    return reindentedLine(block.firstLine, column - block.column);
}

QuickFix KeyMoveFix::move(const QString& title, const QList<LineBlock>& removed, const QString& text,
                          const QList<int>& insertBefore) const
{
    QuickFix fix{title, {}};
    QList<bool> replaced(removed.size(), false);
    for (int line : insertBefore) {
        const auto adjacent = std::find_if(removed.begin(), removed.end(), [line](const LineBlock& block) {
            return line >= block.firstLine && line <= block.lastLine + 1;
        });
        const qsizetype index = adjacent - removed.begin();
        if (adjacent != removed.end() && !replaced[index]) {
            replaced[index] = true;
            continue;
        }
        // After the last line of a file that does not end with a line break, start a line first.
        const bool atEnd = line > m_lines.lineCount() && !m_lines.endsWithLineBreak();
        fix.edits.append(TextEdit{line, 1, line, 1, atEnd ? QStringLiteral("\n") + text : text});
    }
    for (qsizetype index = 0; index < removed.size(); ++index) {
        const LineBlock& block = removed[index];
        fix.edits.append(TextEdit{block.firstLine, 1, block.lastLine + 1, 1, replaced[index] ? text : QString()});
    }
    return fix;
}
