#include "Workspace.h"

#include "EditorDocument.h"
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

EditorDocument* Workspace::openFile(const QString& path, QString* error)
{
    if (EditorDocument* open = findByPath(path)) {
        return open;
    }
    auto* document = new EditorDocument(this);
    if (!document->load(path, error)) {
        delete document;
        return nullptr;
    }
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
    m_documents.append(document);
    emit documentAdded(document);
    return document;
}
