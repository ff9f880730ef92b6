#include "advisor/MarkdownCheck.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <mutex>

#include <QRegularExpression>

namespace
{
// The cells of a table row: unescaped pipes outside code spans, the outer ones optional.
int cellCount(const QString& row)
{
    QString line = row.trimmed();
    int pipes = 0;
    bool inCode = false;
    for (qsizetype index = 0; index < line.size(); ++index) {
        const QChar character = line.at(index);
        if (character == QLatin1Char('\\')) {
            ++index;
        } else if (character == QLatin1Char('`')) {
            inCode = !inCode;
        } else if (character == QLatin1Char('|') && !inCode) {
            ++pipes;
        }
    }
    const bool leading = line.startsWith(QLatin1Char('|'));
    const bool trailing = line.size() > 1 && line.endsWith(QLatin1Char('|')) && !line.endsWith(QStringLiteral("\\|"));
    return pipes + 1 - (leading ? 1 : 0) - (trailing ? 1 : 0);
}

int tablesReadByCmark(const QByteArray& markdown)
{
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (cmark_syntax_extension* table = cmark_find_syntax_extension("table")) {
        cmark_parser_attach_syntax_extension(parser, table);
    }
    cmark_parser_feed(parser, markdown.constData(), static_cast<size_t>(markdown.size()));
    cmark_node* document = cmark_parser_finish(parser);
    int tables = 0;
    cmark_iter* iterator = cmark_iter_new(document);
    for (cmark_event_type event = cmark_iter_next(iterator); event != CMARK_EVENT_DONE;
         event = cmark_iter_next(iterator)) {
        if (event == CMARK_EVENT_ENTER
            && QByteArray(cmark_node_get_type_string(cmark_iter_get_node(iterator))) == "table") {
            ++tables;
        }
    }
    cmark_iter_free(iterator);
    cmark_node_free(document);
    cmark_parser_free(parser);
    return tables;
}
} // namespace

QStringList MarkdownCheck::problemsOf(const QString& markdown)
{
    if (markdown.trimmed().isEmpty()) {
        return {QStringLiteral("the answer is empty")};
    }
    static const QRegularExpression Fence(QStringLiteral("^ {0,3}(`{3,}|~{3,})"));
    static const QRegularExpression Delimiter(QStringLiteral("^\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?$"));
    static const QRegularExpression DiffLine(QStringLiteral("^(--- a/|\\+\\+\\+ b/|--- \\S+\\.\\w+|@@ -\\d)"));
    QStringList problems;
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    QString fence;
    int fenceLine = 0;
    int tables = 0;
    bool diffOutside = false;
    for (qsizetype index = 0; index < lines.size(); ++index) {
        const QString& line = lines.at(index);
        const int number = static_cast<int>(index) + 1;
        if (const QRegularExpressionMatch opened = Fence.match(line); opened.hasMatch()) {
            const QString marks = opened.captured(1);
            if (fence.isEmpty()) {
                fence = marks;
                fenceLine = number;
            } else if (marks.at(0) == fence.at(0) && marks.size() >= fence.size() && line.trimmed() == marks) {
                fence.clear();
            }
            continue;
        }
        if (!fence.isEmpty()) {
            continue;
        }
        if (!diffOutside && DiffLine.match(line).hasMatch()) {
            problems << QStringLiteral("the diff at line %1 is not inside a fenced block marked `diff`").arg(number);
            diffOutside = true;
        }
        // A table starts where a row follows a line that is not one.
        const bool row = line.trimmed().startsWith(QLatin1Char('|'));
        const bool rowBefore = index > 0 && lines.at(index - 1).trimmed().startsWith(QLatin1Char('|'));
        if (!row || rowBefore) {
            continue;
        }
        if (index + 1 >= lines.size() || !Delimiter.match(lines.at(index + 1).trimmed()).hasMatch()) {
            problems << QStringLiteral("the table at line %1 has no header separator row (|---|---|) under its header")
                            .arg(number);
            continue;
        }
        ++tables;
        const int columns = cellCount(line);
        for (qsizetype rowIndex = index + 1;
             rowIndex < lines.size() && lines.at(rowIndex).trimmed().startsWith(QLatin1Char('|')); ++rowIndex) {
            const int cells = cellCount(lines.at(rowIndex));
            if (cells != columns) {
                problems << QStringLiteral("the row at line %1 of the table at line %2 has %3 cells, its header %4")
                                .arg(rowIndex + 1)
                                .arg(number)
                                .arg(cells)
                                .arg(columns);
                break;
            }
        }
    }
    if (!fence.isEmpty()) {
        problems << QStringLiteral("the code block opened at line %1 is never closed").arg(fenceLine);
    }
    if (problems.isEmpty() && tablesReadByCmark(markdown.toUtf8()) < tables) {
        problems << QStringLiteral("a table is not read as a table (each needs a blank line before it)");
    }
    return problems;
}
