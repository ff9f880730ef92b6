#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>

// A place in a text file. Lines and columns count from 1; 0 means unknown.
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;

    bool operator==(const SourceLocation&) const = default;
    // `file:line:column`, leaving out what is unknown.
    QString toString() const;

    // Where a byte offset into UTF-8 text stands, for parsers that report offsets: the column
    // counts characters, as people and editors do.
    static SourceLocation ofByteOffset(const QByteArray& text, qsizetype offset);
};

// A replacement of the text between two positions (lines and columns from 1, end exclusive).
struct TextEdit
{
    int startLine = 1;
    int startColumn = 1;
    int endLine = 1;
    int endColumn = 1;
    QString newText;

    bool operator==(const TextEdit&) const = default;
};

// A suggested repair, applied by the editor as a set of text edits on the file it was found in.
struct QuickFix
{
    QString title;
    QList<TextEdit> edits;

    bool operator==(const QuickFix&) const = default;
};

struct Diagnostic
{
    enum class Severity { Error, Warning, Info };

    Severity severity = Severity::Error;
    SourceLocation location;
    QString message;
    // A short, stable identifier for tools, for example `unknown-key` or `misplaced-key`.
    QString code;
    std::optional<QuickFix> fix;

    bool operator==(const Diagnostic&) const = default;

    // Compiler style: `file:line:col: error: message`.
    QString toString() const;
};

using Diagnostics = QList<Diagnostic>;

QString toString(Diagnostic::Severity severity);
bool hasErrors(const Diagnostics& diagnostics);

// Applies edits, given in positions of the original text, to that text. Edits must not overlap.
QString applyTextEdits(const QString& text, QList<TextEdit> edits);
