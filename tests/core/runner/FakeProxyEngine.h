#pragma once

#include "ScriptedHttpServer.h"
#include "proxy/ProxyEngine.h"

#include <atomic>
#include <memory>
#include <mutex>

// What a FakeProxyEngine saw, readable from the test's thread while the runner's thread writes it.
struct FakeProxyLog
{
    std::mutex mutex; // guards setFaultsCalls
    QList<QList<Fault>> setFaultsCalls;
    std::atomic<int> runWindows{0};
    std::atomic<int> requests{0};
};

// Stands in for the real proxy in runner tests: the runner's requests reach a ScriptedHttpServer
// that acts out the current faults simply and exactly (a latency fault delays by its mean, an
// HTTP error fault with probability 1 answers its status, a black hole never answers), honouring
// periods within the run window, and reports each request as the real proxy does.
class FakeProxyEngine : public ProxyEngine
{
    Q_OBJECT

public:
    explicit FakeProxyEngine(std::shared_ptr<FakeProxyLog> log);

    bool start(const ProxyConfig& config, QString* error) override;
    void stop() override;
    bool isRunning() const override;
    quint16 proxyPort() const override;
    QList<quint16> mappingPorts() const override;
    void setFaults(const QStringList& upstreams, const QList<Fault>& faults) override;
    void setRunWindow(qint64 startNs, std::chrono::nanoseconds duration) override;
    void clearRunWindow() override;

private:
    ScriptedHttpServer::Reply act(const HttpMessageHead& request);
    bool isActive(const Fault& fault, qint64 nowNs) const;

    std::shared_ptr<FakeProxyLog> m_log;
    ScriptedHttpServer m_server;
    QList<Fault> m_faults;
    qint64 m_windowStartNs = 0;
    qint64 m_windowNs = 0;
    bool m_running = false;
};
