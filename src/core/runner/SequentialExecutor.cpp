#include "runner/SequentialExecutor.h"

#include "proxy/MonotonicClock.h"
#include "proxy/ProxyEngine.h"
#include "runner/TestVerdict.h"

#include <algorithm>
#include <limits>

SequentialExecutor::SequentialExecutor(ItemRunContext context, Settings settings, QObject* parent)
    : ItemExecutor(parent)
    , m_context(std::move(context))
    , m_settings(std::move(settings))
    , m_timeoutTimer(this)
    , m_waitTimer(this)
{
    m_timeoutTimer.setSingleShot(true);
    m_timeoutTimer.setTimerType(Qt::PreciseTimer);
    m_waitTimer.setSingleShot(true);
    m_waitTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &SequentialExecutor::onTimeout);
    connect(&m_waitTimer, &QTimer::timeout, this, &SequentialExecutor::sendNext);
}

void SequentialExecutor::start()
{
    if (m_settings.calls == 0) {
        finish();
        return;
    }
    sendNext();
}

void SequentialExecutor::cancel()
{
    m_waitTimer.stop();
    m_timeoutTimer.stop();
    if (m_connection) {
        // A call cut short was not measured: it is dropped, not recorded.
        disconnect(m_connection.get(), nullptr, this, nullptr);
        m_connection->abort(CallErrorClass::Reset);
    }
    finish();
}

void SequentialExecutor::sendNext()
{
    m_context.proxy->setFaults(m_context.faults.upstreams(), m_context.faults.faultsForCall(m_index));
    // Each call gets a connection of its own, so that no fault's effect on one call's connection
    // (a black-holed stream, a half-read body) can reach the next.
    const RequestTemplate& request = m_context.request;
    m_connection = std::make_unique<HttpConnection>(
        QHostAddress(QHostAddress::LocalHost), m_context.proxyPort,
        request.usesTls() ? std::optional(HttpConnection::Tls{request.tlsPeerName(), m_context.verifyCertificates})
                          : std::nullopt,
        nullptr);
    connect(m_connection.get(), &HttpConnection::completed, this, &SequentialExecutor::onCompleted);
    connect(m_connection.get(), &HttpConnection::tlsFailed, this, &ItemExecutor::callWarning);
    m_callStartNs = MonotonicClock::nowNs();
    m_timeoutTimer.start(std::chrono::milliseconds(m_context.timeoutNs / 1'000'000));
    const QByteArray id = callId(m_index);
    m_connection->send(request.request(id), request.expectsBody(), request.tunnelRequest(id));
}

QByteArray SequentialExecutor::callId(quint32 index) const
{
    return m_context.callIdPrefix + QByteArray::number(index);
}

void SequentialExecutor::onTimeout()
{
    if (m_connection) {
        m_connection->abort(CallErrorClass::Timeout);
    }
}

void SequentialExecutor::onCompleted(const HttpConnection::Response& response)
{
    m_timeoutTimer.stop();
    const auto micros = [](qint64 ns) {
        return static_cast<qint32>(std::clamp<qint64>(ns / 1000, 0, std::numeric_limits<qint32>::max()));
    };
    const qint64 startUs = (m_callStartNs - m_context.startNs) / 1000;
    const CallRecord call{.intendedStartUs = startUs,
                          .startUs = startUs,
                          .ttfbUs = response.firstByteNs ? micros(response.firstByteNs - m_callStartNs) : -1,
                          .latencyUs = micros(response.endNs - m_callStartNs),
                          .index = m_index,
                          .bodyBytes = response.bodyBytes,
                          .activeFaults = m_context.faults.activeMaskForCall(m_index),
                          .status = response.status,
                          .errorClass = response.error};
    // The connection is done with; it is deleted later as this is its own signal.
    m_connection.release()->deleteLater();
    emit exchangesCaptured({response.exchange(m_index, m_context.request.head(callId(m_index)))});
    emit callsCompleted({call});
    ++m_index;
    if (m_index >= m_settings.calls
        || (m_settings.failfast && !TestVerdict::callMeetsExpectation(m_settings.expect, call))) {
        finish();
    } else if (m_settings.wait.count() > 0) {
        m_waitTimer.start(m_settings.wait);
    } else {
        sendNext();
    }
}

void SequentialExecutor::finish()
{
    if (m_done) {
        return;
    }
    m_done = true;
    emit finished();
}
