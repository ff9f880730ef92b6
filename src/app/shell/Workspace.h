#pragma once

#include "scenario/Scenario.h"

#include <QList>
#include <QObject>

class EditorDocument;

// The scenario files open in the window, in the order they were opened.
class Workspace final : public QObject
{
    Q_OBJECT

public:
    explicit Workspace(QObject* parent = nullptr);

    const QList<EditorDocument*>& documents() const;
    EditorDocument* findByPath(const QString& path) const;
    bool hasModifiedDocuments() const;

    // The file's document, already open or loading now: a file is open once however often it is
    // asked for. When it cannot be read, the document is closed and openFailed() says why.
    EditorDocument* openFile(const QString& path);
    // A document that is not on disk: a new file, the demo, or one recovered after a crash.
    EditorDocument* addUnsavedDocument(const QString& displayName, const QString& text, bool modified);
    EditorDocument* addNewDocument();
    // Deletes the document once the event loop runs again.
    void closeDocument(EditorDocument* document);

    // What a new file and "Add scenario" start from: one GET call to fill in.
    static Scenario newScenario();

signals:
    void documentAdded(EditorDocument* document);
    void documentClosing(EditorDocument* document);
    void documentLoaded(EditorDocument* document);
    void openFailed(const QString& path, const QString& error);
    void documentSaved(EditorDocument* document);
    void saveFailed(EditorDocument* document, const QString& error);

private:
    EditorDocument* add(EditorDocument* document);

    QList<EditorDocument*> m_documents;
    int m_untitledCount = 0;
};
