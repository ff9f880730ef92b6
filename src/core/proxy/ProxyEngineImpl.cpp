#include "proxy/ProxyEngineImpl.h"

#include "proxy/EpollEventDispatcher.h"
#include "proxy/EventBatcher.h"
#include "proxy/ProxyListener.h"
#include "proxy/ProxyWorker.h"

#include <QThread>

ProxyEngineImpl::ProxyEngineImpl(QObject* parent)
    : ProxyEngine(parent)
{ }

ProxyEngineImpl::~ProxyEngineImpl()
{
    stop();
}

bool ProxyEngineImpl::start(const ProxyConfig& config, QString* error)
{
    if (m_running) {
        stop();
    }
    if (!checkAddress(config.listenAddress, config.allowNonLoopback, error)) {
        return false;
    }
    for (const ProxyMapping& mapping : config.mappings) {
        if (!checkAddress(mapping.listenAddress, config.allowNonLoopback, error)) {
            return false;
        }
    }
    m_config = config;
    m_faults.setFaults(config.upstreams, config.faults);

    const int threadCount = config.workerThreads > 0 ? config.workerThreads : std::max(1, QThread::idealThreadCount());
    m_events = new EventBatcher;
    for (int index = 0; index < threadCount; ++index) {
        auto* thread = new QThread;
        thread->setObjectName(QStringLiteral("proxy-worker-%1").arg(index));
        auto dispatcher = std::make_unique<EpollEventDispatcher>();
        if (dispatcher->isValid()) {
            thread->setEventDispatcher(dispatcher.release());
        }
        auto* worker = new ProxyWorker(m_config, m_faults, *m_events, m_nextConnectionId, m_openConnections);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
    m_events->moveToThread(m_threads.front());
    connect(m_threads.front(), &QThread::finished, m_events, &QObject::deleteLater);
    // Emitted from the first worker thread: receivers in other threads get it queued.
    connect(m_events, &EventBatcher::batchReady, this, &ProxyEngine::eventsReady, Qt::DirectConnection);
    for (QThread* thread : m_threads) {
        thread->start();
    }
    m_running = true;

    m_mappingPorts.clear();
    bool listening
        = listen(config.listenAddress, config.listenPort, ProxyWorker::ForwardProxyRoute, &m_proxyPort, error);
    for (int index = 0; listening && index < config.mappings.size(); ++index) {
        quint16 port = 0;
        const ProxyMapping& mapping = config.mappings.at(index);
        listening = listen(mapping.listenAddress, mapping.listenPort, index, &port, error);
        m_mappingPorts.append(port);
    }
    if (!listening) {
        stop();
        return false;
    }
    return true;
}

void ProxyEngineImpl::stop()
{
    if (!m_running) {
        return;
    }
    m_running = false;
    QObject* firstWorker = m_workers.front();
    // Listeners first, so that no connection arrives while the workers close theirs; adoptions
    // already queued run before closeAll, as a thread handles its events in order.
    QMetaObject::invokeMethod(
        firstWorker, [this] { qDeleteAll(std::exchange(m_listeners, {})); }, Qt::BlockingQueuedConnection);
    for (ProxyWorker* worker : m_workers) {
        QMetaObject::invokeMethod(worker, &ProxyWorker::closeAll, Qt::BlockingQueuedConnection);
    }
    QMetaObject::invokeMethod(m_events, &EventBatcher::flush, Qt::BlockingQueuedConnection);
    for (QThread* thread : m_threads) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear();
    m_events = nullptr;
    m_proxyPort = 0;
    m_mappingPorts.clear();
}

bool ProxyEngineImpl::isRunning() const
{
    return m_running;
}

quint16 ProxyEngineImpl::proxyPort() const
{
    return m_proxyPort;
}

QList<quint16> ProxyEngineImpl::mappingPorts() const
{
    return m_mappingPorts;
}

void ProxyEngineImpl::setFaults(const QStringList& upstreams, const QList<Fault>& faults)
{
    m_faults.setFaults(upstreams, faults);
}

void ProxyEngineImpl::setRunWindow(qint64 startNs, std::chrono::nanoseconds duration)
{
    m_faults.setRunWindow(RunWindow{startNs, duration.count()});
}

void ProxyEngineImpl::clearRunWindow()
{
    m_faults.setRunWindow(std::nullopt);
}

void ProxyEngineImpl::preferPlainEventLoops()
{
    qputenv("QT_NO_GLIB", "1");
}

int ProxyEngineImpl::openConnectionCount() const
{
    return m_openConnections.load();
}

bool ProxyEngineImpl::checkAddress(const QHostAddress& address, bool allowNonLoopback, QString* error)
{
    if (address.isLoopback()) {
        return true;
    }
    if (!allowNonLoopback) {
        if (error) {
            *error = QStringLiteral("refusing to listen on %1: other machines could use the proxy; "
                                    "listening beyond loopback must be allowed explicitly")
                         .arg(address.toString());
        }
        return false;
    }
    emit warning(QStringLiteral("the proxy listens on %1, where other machines can reach it").arg(address.toString()));
    return true;
}

bool ProxyEngineImpl::listen(const QHostAddress& address, quint16 port, int route, quint16* boundPort, QString* error)
{
    bool listening = false;
    QString reason;
    QMetaObject::invokeMethod(
        m_workers.front(),
        [&] {
            auto* listener = new ProxyListener([this, route](qintptr descriptor) { dispatch(descriptor, route); });
            listening = listener->listen(address, port);
            if (!listening) {
                reason = listener->errorString();
                delete listener;
                return;
            }
            *boundPort = listener->serverPort();
            m_listeners.push_back(listener);
        },
        Qt::BlockingQueuedConnection);
    if (!listening && error) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(reason);
    }
    return listening;
}

void ProxyEngineImpl::dispatch(qintptr descriptor, int route)
{
    ProxyWorker* worker = m_workers.at(m_nextWorker.fetch_add(1) % m_workers.size());
    QMetaObject::invokeMethod(
        worker, [worker, descriptor, route] { worker->adopt(descriptor, route); }, Qt::QueuedConnection);
}
