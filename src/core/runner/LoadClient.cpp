#include "runner/LoadClient.h"

#include "proxy/MonotonicClock.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace
{
constexpr qint64 NoWake = std::numeric_limits<qint64>::max();
constexpr auto FlushInterval = std::chrono::milliseconds(100);
constexpr qsizetype FlushBatch = 4096;

qint32 microsecondsBetween(qint64 fromNs, qint64 toNs)
{
    const qint64 micros = (toNs - fromNs) / 1000;
    return static_cast<qint32>(std::clamp<qint64>(micros, 0, std::numeric_limits<qint32>::max()));
}
} // namespace

LoadClient::LoadClient(std::shared_ptr<const LoadJob> job, QList<int> clients, int connectionBound,
                       quint32 failedExchangeBound)
    : m_job(std::move(job))
    , m_clients(std::move(clients))
    , m_connectionBound(std::max<int>(connectionBound, static_cast<int>(m_clients.size())))
    , m_wakeTimer(this)
    , m_flushTimer(this)
    , m_failedExchangeBound(failedExchangeBound)
{
    connect(&m_wakeTimer, &PreciseWakeTimer::timeout, this, &LoadClient::pump);
    connect(&m_flushTimer, &QTimer::timeout, this, &LoadClient::flush);
}

void LoadClient::start()
{
    for (const int client : std::as_const(m_clients)) {
        m_streams.push_back(Stream{.client = client, .count = m_job->schedule.callCount(client)});
        // A connection a client opens ahead, so that connecting is not charged to the first calls.
        addLane().connection->open();
    }
    m_flushTimer.start(FlushInterval);
    pump();
}

void LoadClient::stop()
{
    m_stopped = true;
    m_wakeTimer.stop();
    for (const auto& lane : m_lanes) {
        lane->connection->abort(CallErrorClass::Reset);
    }
    finishWhenIdle();
}

qint64 LoadClient::dueNs(const Stream& stream) const
{
    if (stream.sequence >= stream.count) {
        return NoWake;
    }
    return m_job->startNs + m_job->schedule.offsetNs(m_job->schedule.callIndex(stream.client, stream.sequence));
}

LoadClient::Lane* LoadClient::idleLane()
{
    for (const auto& lane : m_lanes) {
        if (!lane->connection->isBusy()) {
            return lane.get();
        }
    }
    return static_cast<int>(m_lanes.size()) < m_connectionBound ? &addLane() : nullptr;
}

LoadClient::Lane& LoadClient::addLane()
{
    auto lane = std::make_unique<Lane>();
    const RequestTemplate& request = m_job->request;
    lane->connection = new HttpConnection(
        m_job->address, m_job->port,
        request.usesTls() ? std::optional(HttpConnection::Tls{request.tlsPeerName(), m_job->verifyCertificates})
                          : std::nullopt,
        this);
    connect(lane->connection, &HttpConnection::tlsFailed, this, &LoadClient::tlsFailed);
    Lane* added = lane.get();
    connect(added->connection, &HttpConnection::completed, this,
            [this, added](const HttpConnection::Response& response) { onCompleted(*added, response); });
    m_lanes.push_back(std::move(lane));
    return *added;
}

void LoadClient::pump()
{
    if (m_stopped) {
        return;
    }
    const qint64 now = MonotonicClock::nowNs();
    const qint64 endNs = m_job->startNs + m_job->schedule.durationNs();
    qint64 next = NoWake;
    for (const auto& lane : m_lanes) {
        if (lane->connection->isBusy() && now >= lane->deadlineNs) {
            lane->connection->abort(CallErrorClass::Timeout);
        }
    }
    for (Stream& stream : m_streams) {
        for (qint64 due = dueNs(stream); due <= now; due = dueNs(stream)) {
            const quint32 index = m_job->schedule.callIndex(stream.client, stream.sequence++);
            Lane* lane = now < endNs ? idleLane() : nullptr;
            if (lane) {
                send(*lane, index, due, now);
            } else {
                drop(index, due);
            }
        }
        next = std::min(next, dueNs(stream));
    }
    for (const auto& lane : m_lanes) {
        if (lane->connection->isBusy()) {
            next = std::min(next, lane->deadlineNs);
        }
    }
    if (next == NoWake) {
        finishWhenIdle();
    } else {
        m_wakeTimer.wakeAt(next);
    }
}

void LoadClient::send(Lane& lane, quint32 index, qint64 intendedNs, qint64 nowNs)
{
    lane.index = index;
    lane.intendedNs = intendedNs;
    lane.startNs = nowNs;
    lane.deadlineNs = intendedNs + m_job->timeoutNs;
    const QByteArray callId = m_job->callIdPrefix + QByteArray::number(index);
    lane.connection->send(m_job->request.request(callId), m_job->request.expectsBody(),
                          m_job->request.tunnelRequest(callId));
}

void LoadClient::drop(quint32 index, qint64 intendedNs)
{
    const qint64 intendedUs = (intendedNs - m_job->startNs) / 1000;
    record(CallRecord{
        .intendedStartUs = intendedUs, .startUs = intendedUs, .index = index, .errorClass = CallErrorClass::Dropped});
}

void LoadClient::onCompleted(Lane& lane, const HttpConnection::Response& response)
{
    if (m_stopped) {
        return;
    }
    const CallRecord call{.intendedStartUs = (lane.intendedNs - m_job->startNs) / 1000,
                          .startUs = (lane.startNs - m_job->startNs) / 1000,
                          .ttfbUs
                          = response.firstByteNs ? microsecondsBetween(lane.intendedNs, response.firstByteNs) : -1,
                          .latencyUs = microsecondsBetween(lane.intendedNs, response.endNs),
                          .index = lane.index,
                          .bodyBytes = response.bodyBytes,
                          .status = response.status,
                          .errorClass = response.error};
    capture(call, response);
    record(call);
    finishWhenIdle();
}

void LoadClient::capture(const CallRecord& call, const HttpConnection::Response& response)
{
    const bool sampled = call.index % m_job->exchangeStride == 0;
    if (!sampled && !(call.failed() && m_failedExchanges < m_failedExchangeBound)) {
        return;
    }
    if (!sampled) {
        ++m_failedExchanges;
    }
    m_pendingExchanges.append(
        response.exchange(call.index, m_job->request.head(m_job->callIdPrefix + QByteArray::number(call.index))));
}

void LoadClient::record(const CallRecord& call)
{
    m_pending.append(call);
    if (m_pending.size() >= FlushBatch) {
        flush();
    }
}

void LoadClient::flush()
{
    // Before the records, so that a call's exchange is there when its record arrives.
    if (!m_pendingExchanges.isEmpty()) {
        emit exchangesCaptured(m_pendingExchanges);
        m_pendingExchanges.clear();
    }
    if (!m_pending.isEmpty()) {
        emit callsCompleted(m_pending);
        m_pending.clear();
    }
}

void LoadClient::finishWhenIdle()
{
    const bool done
        = std::all_of(m_lanes.begin(), m_lanes.end(), [](const auto& lane) { return !lane->connection->isBusy(); })
        && (m_stopped || std::all_of(m_streams.begin(), m_streams.end(), [](const Stream& stream) {
                return stream.sequence >= stream.count;
            }));
    if (!done || m_finished) {
        return;
    }
    m_finished = true;
    m_wakeTimer.stop();
    m_flushTimer.stop();
    flush();
    emit finished();
}
