#include "DemoTarget.h"

#include <QEventLoop>
#include <QTimer>

namespace
{
// Turns the event loop until one of events fires or timeoutMs have passed, as QSignalSpy::wait
// does (this library does not link Qt Test). True when a signal fired.
template<typename... Events>
bool waitForAny(DemoTargetProcess* process, int timeoutMs, Events... events)
{
    QEventLoop loop;
    bool fired = false;
    (QObject::connect(process, events, &loop,
                      [&loop, &fired] {
                          fired = true;
                          loop.quit();
                      }),
     ...);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return fired;
}
} // namespace

DemoTarget::~DemoTarget()
{
    stop();
}

bool DemoTarget::start(QString* error, int timeoutMs)
{
    if (!m_folder.isValid()) {
        *error = QStringLiteral("no temporary folder for the demo target");
        return false;
    }
    DemoTargetProcess::Options options;
    options.port = 0;
    options.appDirectory = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target");
    options.databasePath = m_folder.filePath(QStringLiteral("demo.db"));
    options.startTimeout = std::chrono::milliseconds(timeoutMs);
    m_process = std::make_unique<DemoTargetProcess>(options);
    const QMetaObject::Connection failure = QObject::connect(m_process.get(), &DemoTargetProcess::failed,
                                                             [error](const QString& message) { *error = message; });
    m_process->start();
    // The launcher bounds its own start; the second more lets its last probe answer.
    if (m_process->state() == DemoTargetProcess::State::Starting) {
        waitForAny(m_process.get(), timeoutMs + 3000, &DemoTargetProcess::ready, &DemoTargetProcess::failed);
    }
    QObject::disconnect(failure);
    if (m_process->state() == DemoTargetProcess::State::Ready) {
        return true;
    }
    if (error->isEmpty()) {
        *error = QStringLiteral("the demo target did not answer within %1 ms").arg(timeoutMs);
    }
    stop();
    return false;
}

void DemoTarget::stop()
{
    if (!m_process) {
        return;
    }
    m_process->stop();
    if (m_process->state() == DemoTargetProcess::State::Stopping) {
        waitForAny(m_process.get(), int(DemoTargetProcess::StopGrace.count()) + 1000, &DemoTargetProcess::stopped);
    }
}

QString DemoTarget::baseUrl() const
{
    return m_process ? m_process->baseUrl() : QString();
}
