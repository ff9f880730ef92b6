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

    // The file's document, opened now or already open; nullptr, with error set, when it cannot be read.
    EditorDocument* openFile(const QString& path, QString* error);
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

private:
    EditorDocument* add(EditorDocument* document);

    QList<EditorDocument*> m_documents;
    int m_untitledCount = 0;
};
