#pragma once

#include "editor/TextChange.h"
#include "scenario/ScenarioLoader.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

class BackgroundParser;
class QUndoStack;

// One scenario file open in the editor. Its text is the truth both views edit: the YAML view
// types into it, the form rewrites the one YAML document it changed (the others keep the user's
// own text), and every change is a step on the document's undo stack. The structure (scenarios,
// item lines, diagnostics) follows the text: at once for form edits, after a pause in typing and
// on a worker thread for text edits. Files are read and written on worker threads too: load() and
// saveAs() return at once, and a signal tells how it went.
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
    // From load() to loaded() or loadFailed(): the text is not there yet and must not be edited.
    bool isLoading() const;
    // From saveAs() to saved() or saveFailed().
    bool isSaving() const;

    // Files larger than this are refused: the editor is for scenarios, not logs.
    static constexpr qint64 MaximumFileSize = 16 * 1024 * 1024;
    // Reads the file on a worker thread; path() is the file's at once.
    void load(const QString& path);
    // A document that is not on disk (yet): new, the demo, or recovered after a crash.
    void setUnsavedText(const QString& displayName, const QString& text, bool modified);
    // Keeps path for Save; the document still counts as modified.
    void setRecoveredPath(const QString& path);
    // Writes the text as it is now, atomically, on the file writer's thread. On success the document
    // becomes the file at path, and is no longer modified unless its text changed meanwhile.
    void saveAs(const QString& path);

    // Text typed in the YAML view; consecutive typing is one undo step.
    void editText(const QString& newText);
    // Rewrites the documentIndex-th YAML document from scenario. field names what the form changed:
    // edits of one field in a row are one undo step.
    void replaceScenario(int documentIndex, const Scenario& scenario, const QString& field);
    void appendScenario(const Scenario& scenario);
    void removeScenario(int documentIndex);
    void applyQuickFix(const QuickFix& fix);

    // Parses now, on this thread, if the structure lags behind the text (not while the file loads).
    void ensureStructureCurrent();

    // For TextChangeCommand: applies a change that is on the undo stack.
    void applyChange(const TextChange& change, EditOrigin origin);

signals:
    void textChanged(const TextChange& change, EditOrigin origin);
    void structureChanged();
    void modifiedChanged(bool modified);
    void displayNameChanged();
    void loaded();
    // error names the file.
    void loadFailed(const QString& error);
    void saved();
    void saveFailed(const QString& error);

private:
    // A file's text, or why it could not be read.
    struct FileText
    {
        QString text;
        QString error;
    };

    void pushChange(const TextChange& change, EditOrigin origin, const QString& mergeKey, const QString& description);
    void scheduleParse(int delayMs);
    void acceptParse(quint64 revision, const ScenarioFile& file);
    void acceptLoad();
    void acceptSave(const QString& absolutePath, quint64 revision, const QString& error);
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
    bool m_loading = false;
    QFutureWatcher<FileText> m_loadWatcher;
    int m_savesUnderWay = 0;
};
