#include "runner/LoadClient.h"

#include "proxy/MonotonicClock.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace
{
constexpr qint64 NanosecondsPerMillisecond = 1'000'000;
constexpr qint64 NoWake = std::numeric_limits<qint64>::max();
constexpr auto FlushInterval = std::chrono::milliseconds(100);
constexpr qsizetype FlushBatch = 4096;

qint32 microsecondsBetween(qint64 fromNs, qint64 toNs)
{
    const qint64 micros = (toNs - fromNs) / 1000;
    return static_cast<qint32>(std::clamp<qint64>(micros, 0, std::numeric_limits<qint32>::max()));
}
} // namespace

LoadClient::LoadClient(std::shared_ptr<const LoadJob> job, QList<int> clients)
    : m_job(std::move(job))
    , m_clients(std::move(clients))
    , m_wakeTimer(this)
    , m_flushTimer(this)
{
    m_wakeTimer.setSingleShot(true);
    m_wakeTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_wakeTimer, &QTimer::timeout, this, &LoadClient::pump);
    connect(&m_flushTimer, &QTimer::timeout, this, &LoadClient::flush);
}

void LoadClient::start()
{
    m_lanes.reserve(static_cast<std::size_t>(m_clients.size()));
    for (const int client : m_clients) {
        Lane lane{.connection = new HttpConnection(m_job->address, m_job->port, this),
                  .client = client,
                  .count = m_job->schedule.callCount(client)};
        lane.connection->open();
        m_lanes.push_back(lane);
    }
    // Lanes never move after this, so each connection can keep a reference to its own.
    for (Lane& lane : m_lanes) {
        connect(lane.connection, &HttpConnection::completed, this,
                [this, &lane](const HttpConnection::Response& response) { onCompleted(lane, response); });
    }
    m_flushTimer.start(FlushInterval);
    pump();
}

void LoadClient::stop()
{
    m_stopped = true;
    m_wakeTimer.stop();
    for (Lane& lane : m_lanes) {
        lane.connection->abort(CallErrorClass::Reset);
    }
    finishWhenIdle();
}

qint64 LoadClient::dueNs(const Lane& lane) const
{
    if (lane.connection->isBusy()) {
        return lane.deadlineNs;
    }
    if (lane.sequence >= lane.count) {
        return NoWake;
    }
    return m_job->startNs + m_job->schedule.offsetNs(m_job->schedule.callIndex(lane.client, lane.sequence));
}

void LoadClient::pump()
{
    if (m_stopped) {
        return;
    }
    m_wakeNs = NoWake;
    const qint64 now = MonotonicClock::nowNs();
    qint64 next = NoWake;
    for (Lane& lane : m_lanes) {
        if (lane.connection->isBusy() && now >= lane.deadlineNs) {
            lane.connection->abort(CallErrorClass::Timeout); // onCompleted may send the next call
        } else if (!lane.connection->isBusy() && dueNs(lane) <= now) {
            send(lane, now);
        }
        next = std::min(next, dueNs(lane));
    }
    if (next == NoWake) {
        finishWhenIdle();
    } else {
        wakeAt(next);
    }
}

void LoadClient::send(Lane& lane, qint64 nowNs)
{
    lane.index = m_job->schedule.callIndex(lane.client, lane.sequence);
    lane.intendedNs = m_job->startNs + m_job->schedule.offsetNs(lane.index);
    lane.startNs = nowNs;
    lane.deadlineNs = nowNs + m_job->timeoutNs;
    ++lane.sequence;
    lane.connection->send(m_job->request.request(m_job->callIdPrefix + QByteArray::number(lane.index)),
                          m_job->request.expectsBody());
}

void LoadClient::onCompleted(Lane& lane, const HttpConnection::Response& response)
{
    if (m_stopped) {
        return;
    }
    m_pending.append(
        CallRecord{.intendedStartUs = (lane.intendedNs - m_job->startNs) / 1000,
                   .startUs = (lane.startNs - m_job->startNs) / 1000,
                   .ttfbUs = response.firstByteNs ? microsecondsBetween(lane.intendedNs, response.firstByteNs) : -1,
                   .latencyUs = microsecondsBetween(lane.intendedNs, response.endNs),
                   .index = lane.index,
                   .bodyBytes = response.bodyBytes,
                   .status = response.status,
                   .errorClass = response.error});
    if (m_pending.size() >= FlushBatch) {
        flush();
    }
    const qint64 now = MonotonicClock::nowNs();
    if (dueNs(lane) <= now) {
        send(lane, now);
    }
    if (dueNs(lane) == NoWake) {
        finishWhenIdle();
    } else {
        wakeAt(dueNs(lane));
    }
}

void LoadClient::wakeAt(qint64 timeNs)
{
    if (timeNs >= m_wakeNs) {
        return; // the timer already wakes us earlier
    }
    m_wakeNs = timeNs;
    const qint64 waitNs = std::max<qint64>(timeNs - MonotonicClock::nowNs(), 0);
    // Round up: a timer that fires early would find nothing due and spin.
    m_wakeTimer.start(std::chrono::milliseconds((waitNs + NanosecondsPerMillisecond - 1) / NanosecondsPerMillisecond));
}

void LoadClient::flush()
{
    if (!m_pending.isEmpty()) {
        emit callsCompleted(m_pending);
        m_pending.clear();
    }
}

void LoadClient::finishWhenIdle()
{
    const bool done = std::all_of(m_lanes.begin(), m_lanes.end(), [this](const Lane& lane) {
        return !lane.connection->isBusy() && (m_stopped || lane.sequence >= lane.count);
    });
    if (!done || m_finished) {
        return;
    }
    m_finished = true;
    m_wakeTimer.stop();
    m_flushTimer.stop();
    flush();
    emit finished();
}
