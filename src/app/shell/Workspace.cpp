#include "shell/Workspace.h"

#include "editor/EditorDocument.h"
#include "scenario/ScenarioWriter.h"

#include <algorithm>

#include <QFileInfo>

Workspace::Workspace(QObject* parent)
    : QObject(parent)
{ }

const QList<EditorDocument*>& Workspace::documents() const
{
    return m_documents;
}

EditorDocument* Workspace::findByPath(const QString& path) const
{
    const QString absolutePath = QFileInfo(path).absoluteFilePath();
    const auto found = std::find_if(m_documents.begin(), m_documents.end(),
                                    [&](const EditorDocument* document) { return document->path() == absolutePath; });
    return found == m_documents.end() ? nullptr : *found;
}

bool Workspace::hasModifiedDocuments() const
{
    return std::any_of(m_documents.begin(), m_documents.end(),
                       [](const EditorDocument* document) { return document->isModified(); });
}

EditorDocument* Workspace::openFile(const QString& path)
{
    if (EditorDocument* open = findByPath(path)) {
        return open;
    }
    auto* document = new EditorDocument(this);
    document->load(path);
    connect(document, &EditorDocument::loaded, this, [this, document] { emit documentLoaded(document); });
    connect(document, &EditorDocument::loadFailed, this, [this, document](const QString& error) {
        const QString failedPath = document->path();
        closeDocument(document);
        emit openFailed(failedPath, error);
    });
    return add(document);
}

EditorDocument* Workspace::addUnsavedDocument(const QString& displayName, const QString& text, bool modified)
{
    auto* document = new EditorDocument(this);
    document->setUnsavedText(displayName, text, modified);
    return add(document);
}

EditorDocument* Workspace::addNewDocument()
{
    ++m_untitledCount;
    const QString name = m_untitledCount == 1 ? tr("untitled.yaml") : tr("untitled-%1.yaml").arg(m_untitledCount);
    return addUnsavedDocument(name, QString::fromUtf8(ScenarioWriter::toYaml(newScenario())), true);
}

void Workspace::closeDocument(EditorDocument* document)
{
    if (!m_documents.contains(document)) {
        return;
    }
    emit documentClosing(document);
    m_documents.removeOne(document);
    document->deleteLater();
}

Scenario Workspace::newScenario()
{
    Item item;
    item.call.url = QStringLiteral("http://localhost:8080/");
    item.expect = Expectation{.status = 200};
    return Scenario{.title = tr("New scenario"), .items = {item}};
}

EditorDocument* Workspace::add(EditorDocument* document)
{
    connect(document, &EditorDocument::saved, this, [this, document] { emit documentSaved(document); });
    connect(document, &EditorDocument::saveFailed, this,
            [this, document](const QString& error) { emit saveFailed(document, error); });
    m_documents.append(document);
    emit documentAdded(document);
    return document;
}
