#include "editor/BackgroundParser.h"

#include <QMutexLocker>

BackgroundParser::BackgroundParser(QObject* parent)
    : QObject(parent)
    , m_workerContext(new QObject)
{
    m_thread.setObjectName(QStringLiteral("scenario parser"));
    m_workerContext->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_workerContext, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

BackgroundParser::~BackgroundParser()
{
    m_thread.quit();
    m_thread.wait();
}

void BackgroundParser::parse(quint64 revision, const QString& text, const QString& fileName)
{
    {
        QMutexLocker locker(&m_pendingMutex);
        m_pending = Request{revision, text.toUtf8(), fileName};
    }
    QMetaObject::invokeMethod(
        m_workerContext, [this] { parsePending(); }, Qt::QueuedConnection);
}

// On the worker thread. The destructor joins the thread, so `this` outlives every call.
void BackgroundParser::parsePending()
{
    std::optional<Request> request;
    {
        QMutexLocker locker(&m_pendingMutex);
        request.swap(m_pending);
    }
    if (!request) {
        return; // a newer request was taken by an earlier call
    }
    ScenarioFile file = ScenarioLoader::loadText(request->text, request->fileName);
    QMetaObject::invokeMethod(
        this, [this, revision = request->revision, file = std::move(file)] { emit parsed(revision, file); },
        Qt::QueuedConnection);
}
