#include "scenario/Diagnostic.h"

#include <algorithm>

#include <QStringList>

SourceLocation SourceLocation::ofByteOffset(const QByteArray& text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    // lastIndexOf searches from the end when given -1, so the first character is its own case.
    const qsizetype lineStart = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
    SourceLocation location;
    location.line = static_cast<int>(text.left(lineStart).count('\n')) + 1;
    location.column = static_cast<int>(QString::fromUtf8(text.mid(lineStart, offset - lineStart)).size()) + 1;
    return location;
}

QString SourceLocation::toString() const
{
    QStringList parts;
    if (!file.isEmpty()) {
        parts << file;
    }
    if (line > 0) {
        parts << QString::number(line);
        if (column > 0) {
            parts << QString::number(column);
        }
    }
    return parts.join(QLatin1Char(':'));
}

QString toString(Diagnostic::Severity severity)
{
    switch (severity) {
    case Diagnostic::Severity::Error:
        return QStringLiteral("error");
    case Diagnostic::Severity::Warning:
        return QStringLiteral("warning");
    case Diagnostic::Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

QString Diagnostic::toString() const
{
    QString text = location.toString();
    if (!text.isEmpty()) {
        text += QStringLiteral(": ");
    }
    text += ::toString(severity) + QStringLiteral(": ") + message;
    if (fix) {
        text += QStringLiteral(" (fix: ") + fix->title + QLatin1Char(')');
    }
    return text;
}

bool hasErrors(const Diagnostics& diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& diagnostic) { return diagnostic.severity == Diagnostic::Severity::Error; });
}

namespace
{
// Offset in text of a 1-based line and column, clamped to the text.
qsizetype offsetOf(const QString& text, int line, int column)
{
    qsizetype offset = 0;
    for (int current = 1; current < line; ++current) {
        const qsizetype newline = text.indexOf(QLatin1Char('\n'), offset);
        if (newline < 0) {
            return text.size();
        }
        offset = newline + 1;
    }
    return std::min(offset + std::max(column, 1) - 1, text.size());
}
} // namespace

QString applyTextEdits(const QString& text, QList<TextEdit> edits)
{
    // Last edit first, so that earlier positions stay valid.
    std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
        return std::tie(a.startLine, a.startColumn) > std::tie(b.startLine, b.startColumn);
    });
    QString result = text;
    for (const TextEdit& edit : edits) {
        const qsizetype begin = offsetOf(result, edit.startLine, edit.startColumn);
        const qsizetype end = std::max(begin, offsetOf(result, edit.endLine, edit.endColumn));
        result.replace(begin, end - begin, edit.newText);
    }
    return result;
}
