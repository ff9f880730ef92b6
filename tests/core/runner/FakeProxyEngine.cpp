#include "FakeProxyEngine.h"

#include "proxy/MonotonicClock.h"

FakeProxyEngine::FakeProxyEngine(std::shared_ptr<FakeProxyLog> log)
    : m_log(std::move(log))
{
    m_server.reply = [this](const HttpMessageHead& request) {
        return act(request);
    };
}

bool FakeProxyEngine::start(const ProxyConfig&, QString* error)
{
    m_running = m_server.listen();
    if (!m_running) {
        *error = QStringLiteral("no loopback port");
    }
    return m_running;
}

void FakeProxyEngine::stop()
{
    m_running = false;
}

bool FakeProxyEngine::isRunning() const
{
    return m_running;
}

quint16 FakeProxyEngine::proxyPort() const
{
    return m_server.port();
}

QList<quint16> FakeProxyEngine::mappingPorts() const
{
    return {};
}

void FakeProxyEngine::setFaults(const QStringList&, const QList<Fault>& faults)
{
    m_faults = faults;
    const std::lock_guard lock(m_log->mutex);
    m_log->setFaultsCalls.append(faults);
}

void FakeProxyEngine::setRunWindow(qint64 startNs, std::chrono::nanoseconds duration)
{
    m_windowStartNs = startNs;
    m_windowNs = duration.count();
    ++m_log->runWindows;
}

void FakeProxyEngine::clearRunWindow()
{
    m_windowNs = 0;
}

bool FakeProxyEngine::isActive(const Fault& fault, qint64 nowNs) const
{
    if (!fault.period || m_windowNs <= 0) {
        return true;
    }
    const auto [begin, end] = fault.period->window(m_windowNs / 1e6);
    const double fraction = static_cast<double>(nowNs - m_windowStartNs) / static_cast<double>(m_windowNs);
    // A window open to the end of the run stays open for calls that run late.
    return fraction >= begin && (fraction < end || end >= 1.0);
}

ScriptedHttpServer::Reply FakeProxyEngine::act(const HttpMessageHead& request)
{
    ScriptedHttpServer::Reply reply;
    ProxyEvent event{.callId = QString::fromLatin1(request.header("x-aftershock-call-id")),
                     .method = QString::fromLatin1(request.method),
                     .url = QString::fromLatin1(request.target)};
    const qint64 now = MonotonicClock::nowNs();
    for (const Fault& fault : m_faults) {
        if (!isActive(fault, now)) {
            continue;
        }
        double amount = 0;
        if (const auto* latency = std::get_if<LatencyFault>(&fault.parameters)) {
            reply.delayMs += static_cast<int>(latency->meanOrDefault());
            amount = latency->meanOrDefault();
        } else if (const auto* error = std::get_if<HttpErrorFault>(&fault.parameters)) {
            reply.status = error->probability >= 1 ? error->statusCode : reply.status;
            amount = reply.status;
        } else if (std::holds_alternative<BlackholeFault>(fault.parameters)) {
            reply.silent = true;
        }
        event.applied.append(ProxyEvent::AppliedFault{.type = fault.type(),
                                                      .side = fault.sideOrDefault(),
                                                      .direction = fault.directionOrDefault(),
                                                      .amount = amount});
    }
    event.status = reply.silent ? 0 : reply.status;
    ++m_log->requests;
    emit eventsReady({event});
    return reply;
}
