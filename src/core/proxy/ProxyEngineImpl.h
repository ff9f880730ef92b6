#pragma once

#include "proxy/FaultSettings.h"
#include "proxy/ProxyEngine.h"

#include <atomic>
#include <memory>
#include <vector>

class EventBatcher;
class ProxyListener;
class ProxyWorker;
class QThread;

// The real proxy: one worker QThread a core, each with its own event loop (an
// EpollEventDispatcher); the listeners run on the first and spread accepted connections over all
// of them. Faults are shared through
// FaultSettings, so the GUI can change them while traffic flows.
class ProxyEngineImpl : public ProxyEngine
{
    Q_OBJECT

public:
    explicit ProxyEngineImpl(QObject* parent = nullptr);
    ~ProxyEngineImpl() override;

    bool start(const ProxyConfig& config, QString* error) override;
    void stop() override;
    bool isRunning() const override;
    quint16 proxyPort() const override;
    QList<quint16> mappingPorts() const override;
    void setFaults(const QStringList& upstreams, const QList<Fault>& faults) override;
    void setRunWindow(qint64 startNs, std::chrono::nanoseconds duration) override;
    void clearRunWindow() override;

    // Client connections open now (a CONNECT tunnel counts once), for tests and status.
    int openConnectionCount() const;

    // Call before the QCoreApplication of a program without widgets. Its threads but the proxy's
    // workers (which wait with epoll) then run Qt's own poll loop instead of GLib's, which wakes
    // itself with a system call each time a socket notifier turns on or off (several times an
    // exchange). The GUI keeps GLib, which desktop integration needs.
    static void preferPlainEventLoops();

private:
    bool checkAddress(const QHostAddress& address, bool allowNonLoopback, QString* error);
    bool listen(const QHostAddress& address, quint16 port, int route, quint16* boundPort, QString* error);
    void dispatch(qintptr descriptor, int route);

    ProxyConfig m_config;
    FaultSettings m_faults;
    std::vector<QThread*> m_threads;
    std::vector<ProxyWorker*> m_workers; // each lives in its thread, deleted there when it ends
    EventBatcher* m_events = nullptr; // lives in the first thread
    std::vector<ProxyListener*> m_listeners; // live in the first thread
    std::atomic<quint64> m_nextConnectionId{0};
    std::atomic<int> m_openConnections{0};
    std::atomic<unsigned> m_nextWorker{0};
    quint16 m_proxyPort = 0;
    QList<quint16> m_mappingPorts;
    bool m_running = false;
};
