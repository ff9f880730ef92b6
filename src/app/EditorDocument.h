#pragma once

#include "TextChange.h"
#include "scenario/ScenarioLoader.h"

#include <QObject>
#include <QString>
#include <QTimer>

class BackgroundParser;
class QUndoStack;

// One scenario file open in the editor. Its text is the truth both views edit: the YAML view
// types into it, the form rewrites the one YAML document it changed (the others keep the user's
// own text), and every change is a step on the document's undo stack. The structure (scenarios,
// item lines, diagnostics) follows the text: at once for form edits, after a pause in typing and
// on a worker thread for text edits.
class EditorDocument final : public QObject
{
    Q_OBJECT

public:
    explicit EditorDocument(QObject* parent = nullptr);
    ~EditorDocument() override;

    // Empty for a document never saved.
    QString path() const;
    QString displayName() const;
    const QString& text() const;
    // The structure of the text as last parsed; see isStructureCurrent().
    const ScenarioFile& structure() const;
    bool isStructureCurrent() const;
    QUndoStack* undoStack() const;
    bool isModified() const;

    // Files larger than this are refused: the editor is for scenarios, not logs.
    static constexpr qint64 MaximumFileSize = 16 * 1024 * 1024;
    bool load(const QString& path, QString* error);
    // A document that is not on disk (yet): new, the demo, or recovered after a crash.
    void setUnsavedText(const QString& displayName, const QString& text, bool modified);
    // Keeps path for Save; the document still counts as modified.
    void setRecoveredPath(const QString& path);
    // Writes the text as it is, atomically; on success the document becomes the file at path.
    bool saveAs(const QString& path, QString* error);

    // Text typed in the YAML view; consecutive typing is one undo step.
    void editText(const QString& newText);
    // Rewrites the documentIndex-th YAML document from scenario. field names what the form changed:
    // edits of one field in a row are one undo step.
    void replaceScenario(int documentIndex, const Scenario& scenario, const QString& field);
    void appendScenario(const Scenario& scenario);
    void removeScenario(int documentIndex);
    void applyQuickFix(const QuickFix& fix);

    // Parses now, on this thread, if the structure lags behind the text.
    void ensureStructureCurrent();

    // For TextChangeCommand: applies a change that is on the undo stack.
    void applyChange(const TextChange& change, EditOrigin origin);

signals:
    void textChanged(const TextChange& change, EditOrigin origin);
    void structureChanged();
    void modifiedChanged(bool modified);
    void displayNameChanged();

private:
    void pushChange(const TextChange& change, EditOrigin origin, const QString& mergeKey, const QString& description);
    void scheduleParse(int delayMs);
    void acceptParse(quint64 revision, const ScenarioFile& file);
    // Offsets of the start of line (1-based) and of the line after last.
    qsizetype lineOffset(int line) const;
    QString diagnosticsFileName() const;
    std::optional<ScenarioFile> structureAfterReplacing(int documentIndex, const QString& yaml) const;

    QString m_path;
    QString m_displayName;
    QString m_text;
    QUndoStack* m_undoStack;
    BackgroundParser* m_parser;
    QTimer m_parseTimer;
    ScenarioFile m_structure;
    quint64 m_revision = 0;
    quint64 m_structureRevision = 0;
    // A structure the form computed with its edit, taken instead of a parse when the edit lands.
    std::optional<ScenarioFile> m_structureOfNextChange;
    bool m_recoveredUnsaved = false;
};
