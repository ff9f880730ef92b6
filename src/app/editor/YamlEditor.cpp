#include "editor/YamlEditor.h"

#include "editor/EditorDocument.h"
#include "shell/AppIcons.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QScopedValueRollback>
#include <QToolTip>
#include <Qsci/qscicommandset.h>
#include <Qsci/qscilexeryaml.h>

namespace
{
enum Margin { LineNumberMargin, DiagnosticMargin, FoldMargin };
enum Indicator { ErrorIndicator = 8, WarningIndicator, InfoIndicator };

constexpr int MarkerIconSize = 14;

// Syntax colours for a light and for a dark base colour; everything else comes from the palette.
struct SyntaxColors
{
    QColor key, comment, number, keyword, reference, delimiter, error;
};

SyntaxColors syntaxColorsFor(const QPalette& palette)
{
    if (palette.color(QPalette::Base).lightness() < 128) {
        return {QColor(0x7f, 0xb2, 0xf0), QColor(0x8b, 0x94, 0x9e), QColor(0xf0, 0xa3, 0x5e), QColor(0xd2, 0xa8, 0xff),
                QColor(0x56, 0xd4, 0xa8), QColor(0x9a, 0xa0, 0xa6), QColor(0xff, 0x7b, 0x72)};
    }
    return {QColor(0x1f, 0x4e, 0x99), QColor(0x6a, 0x73, 0x7d), QColor(0xb3, 0x59, 0x00), QColor(0x8f, 0x3f, 0x9f),
            QColor(0x0a, 0x7d, 0x5a), QColor(0x80, 0x80, 0x80), QColor(0xc0, 0x1c, 0x28)};
}

int markerFor(const Diagnostic& diagnostic)
{
    if (diagnostic.fix) {
        return YamlEditor::QuickFixMarker;
    }
    switch (diagnostic.severity) {
    case Diagnostic::Severity::Error:
        return YamlEditor::ErrorMarker;
    case Diagnostic::Severity::Warning:
        return YamlEditor::WarningMarker;
    case Diagnostic::Severity::Info:
        return YamlEditor::InfoMarker;
    }
    return YamlEditor::InfoMarker;
}

int indicatorFor(Diagnostic::Severity severity)
{
    switch (severity) {
    case Diagnostic::Severity::Error:
        return ErrorIndicator;
    case Diagnostic::Severity::Warning:
        return WarningIndicator;
    case Diagnostic::Severity::Info:
        return InfoIndicator;
    }
    return InfoIndicator;
}
} // namespace

YamlEditor::YamlEditor(QWidget* parent)
    : QsciScintilla(parent)
    , m_lexer(new QsciLexerYAML(this))
{
    setObjectName(QStringLiteral("yamlEditor"));
    setAccessibleName(tr("YAML source"));
    setUtf8(true);
    setLexer(m_lexer);
    // YAML forbids tabs for indentation.
    setIndentationsUseTabs(false);
    setTabWidth(2);
    setAutoIndent(true);
    setIndentationGuides(true);
    setCaretLineVisible(true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    // The horizontal scroll bar follows the longest line instead of a fixed 2000 pixels.
    SendScintilla(SCI_SETSCROLLWIDTH, 1UL);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1UL);

    setMarginType(LineNumberMargin, QsciScintilla::NumberMargin);
    setMarginWidth(LineNumberMargin, QStringLiteral("00000"));
    setMarginType(DiagnosticMargin, QsciScintilla::SymbolMargin);
    setMarginWidth(DiagnosticMargin, MarkerIconSize + 6);
    setMarginSensitivity(DiagnosticMargin, true);
    setMarginMarkerMask(DiagnosticMargin,
                        (1 << ErrorMarker) | (1 << WarningMarker) | (1 << InfoMarker) | (1 << QuickFixMarker));
    setMarginMarkerMask(LineNumberMargin, 0);
    setFolding(QsciScintilla::BoxedTreeFoldStyle, FoldMargin);
    defineMarkers();
    for (const int indicator : {ErrorIndicator, WarningIndicator, InfoIndicator}) {
        indicatorDefine(QsciScintilla::SquiggleLowIndicator, indicator);
    }
    setIndicatorForegroundColor(QColor(0xd6, 0x45, 0x45), ErrorIndicator);
    setIndicatorForegroundColor(QColor(0xe3, 0xa0, 0x08), WarningIndicator);
    setIndicatorForegroundColor(QColor(0x3b, 0x82, 0xf6), InfoIndicator);

    // Undo is the document's: QScintilla keeps no history and leaves Ctrl+Z to the window.
    SendScintilla(SCI_SETUNDOCOLLECTION, 0UL);
    for (const auto command : {QsciCommand::Undo, QsciCommand::Redo}) {
        QsciCommand* binding = standardCommands()->find(command);
        binding->setKey(0);
        binding->setAlternateKey(0);
    }

    applyPalette();
    setDocument(nullptr);
    connect(this, &QsciScintilla::textChanged, this, &YamlEditor::sendTextToDocument);
    connect(this, &QsciScintilla::marginClicked, this, [this](int margin, int line, Qt::KeyboardModifiers) {
        if (margin == DiagnosticMargin) {
            applyQuickFixAtLine(line + 1);
        }
    });
}

void YamlEditor::setDocument(EditorDocument* document)
{
    if (m_document == document) {
        return;
    }
    if (m_document) {
        disconnect(m_document, nullptr, this, nullptr);
    }
    m_document = document;
    // A file still loading has no text yet: nothing typed may be sent into it.
    setReadOnly(document == nullptr || document->isLoading());
    showDocumentText();
    if (document) {
        connect(document, &EditorDocument::textChanged, this, &YamlEditor::applyDocumentChange);
        connect(document, &EditorDocument::structureChanged, this, &YamlEditor::showDiagnostics);
        connect(document, &EditorDocument::loaded, this, [this] {
            setReadOnly(false);
            showDocumentText();
        });
    }
}

EditorDocument* YamlEditor::document() const
{
    return m_document;
}

void YamlEditor::goToLine(int line, int column)
{
    setCursorPosition(std::max(line - 1, 0), std::max(column - 1, 0));
    ensureLineVisible(std::max(line - 1, 0));
    setFocus(Qt::OtherFocusReason);
}

Diagnostics YamlEditor::diagnosticsAtLine(int line) const
{
    Diagnostics result;
    if (m_document) {
        for (const Diagnostic& diagnostic : m_document->structure().diagnostics) {
            if (diagnostic.location.line == line) {
                result.append(diagnostic);
            }
        }
    }
    return result;
}

bool YamlEditor::event(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
    }
    return QsciScintilla::event(event);
}

bool YamlEditor::viewportEvent(QEvent* event)
{
    if (event->type() != QEvent::ToolTip) {
        return QsciScintilla::viewportEvent(event);
    }
    const auto* help = static_cast<QHelpEvent*>(event);
    // lineAt() answers -1 over the margins, where the markers are: go by height alone.
    const long position = SendScintilla(SCI_POSITIONFROMPOINT, 0UL, static_cast<long>(help->pos().y()));
    const int line = static_cast<int>(SendScintilla(SCI_LINEFROMPOSITION, static_cast<unsigned long>(position)));
    QStringList lines;
    for (const Diagnostic& diagnostic : diagnosticsAtLine(line + 1)) {
        QString text
            = QStringLiteral("<b>%1</b>: %2").arg(toString(diagnostic.severity), diagnostic.message.toHtmlEscaped());
        if (diagnostic.fix) {
            text += QStringLiteral("<br>")
                + tr("Click the light bulb to apply: %1").arg(diagnostic.fix->title.toHtmlEscaped());
        }
        lines << text;
    }
    if (lines.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(help->globalPos(), lines.join(QStringLiteral("<hr>")), viewport());
    }
    return true;
}

void YamlEditor::applyPalette()
{
    const QPalette& colors = palette();
    const SyntaxColors syntax = syntaxColorsFor(colors);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_lexer->setDefaultFont(font);
    m_lexer->setFont(font, -1);
    m_lexer->setDefaultPaper(colors.color(QPalette::Base));
    m_lexer->setPaper(colors.color(QPalette::Base), -1);
    m_lexer->setDefaultColor(colors.color(QPalette::Text));
    m_lexer->setColor(colors.color(QPalette::Text), -1);
    m_lexer->setColor(syntax.key, QsciLexerYAML::Identifier);
    m_lexer->setColor(syntax.comment, QsciLexerYAML::Comment);
    m_lexer->setColor(syntax.number, QsciLexerYAML::Number);
    m_lexer->setColor(syntax.keyword, QsciLexerYAML::Keyword);
    m_lexer->setColor(syntax.reference, QsciLexerYAML::Reference);
    m_lexer->setColor(syntax.delimiter, QsciLexerYAML::DocumentDelimiter);
    m_lexer->setColor(syntax.delimiter, QsciLexerYAML::TextBlockMarker);
    m_lexer->setColor(syntax.error, QsciLexerYAML::SyntaxErrorMarker);
    m_lexer->setPaper(colors.color(QPalette::Base), QsciLexerYAML::SyntaxErrorMarker);
    m_lexer->setColor(colors.color(QPalette::Text), QsciLexerYAML::Operator);

    setMarginsFont(font);
    setMarginsBackgroundColor(colors.color(QPalette::Window));
    setMarginsForegroundColor(colors.color(QPalette::PlaceholderText));
    setFoldMarginColors(colors.color(QPalette::Window), colors.color(QPalette::Window));
    for (int marker = SC_MARKNUM_FOLDEREND; marker <= static_cast<int>(SC_MARKNUM_FOLDEROPEN); ++marker) {
        setMarkerForegroundColor(colors.color(QPalette::Base), marker);
        setMarkerBackgroundColor(colors.color(QPalette::PlaceholderText), marker);
    }
    setCaretForegroundColor(colors.color(QPalette::Text));
    setCaretLineBackgroundColor(colors.color(QPalette::AlternateBase));
    setSelectionBackgroundColor(colors.color(QPalette::Highlight));
    setSelectionForegroundColor(colors.color(QPalette::HighlightedText));
    setIndentationGuidesForegroundColor(colors.color(QPalette::Mid));
    setIndentationGuidesBackgroundColor(colors.color(QPalette::Base));
    setMatchedBraceBackgroundColor(colors.color(QPalette::AlternateBase));
    setMatchedBraceForegroundColor(colors.color(QPalette::Link));
}

void YamlEditor::defineMarkers()
{
    const std::pair<Marker, QIcon> icons[] = {
        {ErrorMarker, AppIcons::severityIcon(Diagnostic::Severity::Error)},
        {WarningMarker, AppIcons::severityIcon(Diagnostic::Severity::Warning)},
        {InfoMarker, AppIcons::severityIcon(Diagnostic::Severity::Info)},
        {QuickFixMarker, AppIcons::icon(QStringLiteral("quick-fix"))},
    };
    for (const auto& [marker, icon] : icons) {
        markerDefine(icon.pixmap(MarkerIconSize, MarkerIconSize), marker);
    }
}

void YamlEditor::showDocumentText()
{
    QScopedValueRollback showing(m_showingDocumentChange, true);
    setText(m_document ? m_document->text() : QString());
    showDiagnostics();
}

void YamlEditor::applyDocumentChange(const TextChange& change, EditOrigin origin)
{
    if (origin == EditOrigin::YamlView) {
        return; // typed here
    }
    QScopedValueRollback showing(m_showingDocumentChange, true);
    // Scintilla counts bytes of UTF-8. The text before the change's position is the same before and after it.
    const auto start = static_cast<unsigned long>(m_document->text().left(change.position).toUtf8().size());
    const QByteArray inserted = change.inserted.toUtf8();
    SendScintilla(SCI_SETTARGETSTART, start);
    SendScintilla(SCI_SETTARGETEND, start + static_cast<unsigned long>(change.removed.toUtf8().size()));
    SendScintilla(SCI_REPLACETARGET, static_cast<unsigned long>(inserted.size()), inserted.constData());
    ensureCursorVisible();
}

void YamlEditor::showDiagnostics()
{
    markerDeleteAll();
    const int lastLine = std::max(lines() - 1, 0);
    clearIndicatorRange(0, 0, lastLine, lineLength(lastLine), ErrorIndicator);
    clearIndicatorRange(0, 0, lastLine, lineLength(lastLine), WarningIndicator);
    clearIndicatorRange(0, 0, lastLine, lineLength(lastLine), InfoIndicator);
    if (!m_document || !m_document->isStructureCurrent()) {
        return;
    }
    for (const Diagnostic& diagnostic : m_document->structure().diagnostics) {
        const int line = diagnostic.location.line - 1;
        if (line < 0 || line > lastLine) {
            continue;
        }
        markerAdd(line, markerFor(diagnostic));
        const int column = std::max(diagnostic.location.column - 1, 0);
        const int end = std::max(lineLength(line) - 1, column + 1);
        fillIndicatorRange(line, column, line, end, indicatorFor(diagnostic.severity));
    }
}

void YamlEditor::sendTextToDocument()
{
    if (m_document && !m_showingDocumentChange) {
        m_document->editText(text());
    }
}

void YamlEditor::applyQuickFixAtLine(int line)
{
    for (const Diagnostic& diagnostic : diagnosticsAtLine(line)) {
        if (diagnostic.fix) {
            m_document->applyQuickFix(*diagnostic.fix);
            return;
        }
    }
}
