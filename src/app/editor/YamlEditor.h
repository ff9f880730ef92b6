#pragma once

#include "editor/TextChange.h"
#include "scenario/Diagnostic.h"

#include <QPointer>
#include <Qsci/qsciscintilla.h>

class EditorDocument;
class QsciLexerYAML;

// The YAML view of a document: QScintilla with its YAML lexer, line numbers and folding. The
// document's diagnostics show as margin markers and squiggles with tooltips; a click on a
// light-bulb marker applies that line's quick fix. Undo and redo belong to the document's undo
// stack (shared with the form), not to QScintilla.
class YamlEditor final : public QsciScintilla
{
    Q_OBJECT

public:
    enum Marker { ErrorMarker, WarningMarker, InfoMarker, QuickFixMarker };

    explicit YamlEditor(QWidget* parent = nullptr);

    // nullptr, or a document still loading, shows nothing and is read-only.
    void setDocument(EditorDocument* document);
    EditorDocument* document() const;
    // Lines and columns from 1, as diagnostics give them.
    void goToLine(int line, int column = 1);
    // The diagnostics shown on a line (from 1).
    Diagnostics diagnosticsAtLine(int line) const;

protected:
    bool event(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    void applyPalette();
    void defineMarkers();
    void showDocumentText();
    void applyDocumentChange(const TextChange& change, EditOrigin origin);
    void showDiagnostics();
    void sendTextToDocument();
    void applyQuickFixAtLine(int line);

    QsciLexerYAML* m_lexer;
    QPointer<EditorDocument> m_document;
    // Set while the editor shows a change the document made, so it is not sent back.
    bool m_showingDocumentChange = false;
};
