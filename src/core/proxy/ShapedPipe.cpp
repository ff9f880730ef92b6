#include "proxy/ShapedPipe.h"

#include "proxy/MonotonicClock.h"

#include <algorithm>

#include <QPointer>
#include <QTcpSocket>

namespace
{
// QTimer counts whole milliseconds. Releasing what is due within half of one, and waking at
// the nearest millisecond, centres the error on zero instead of always adding to the delay.
constexpr qint64 ReleaseToleranceNs = 500'000;
} // namespace

ShapedPipe::ShapedPipe(QTcpSocket* sink, QObject* parent)
    : QObject(parent)
    , m_sink(sink)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ShapedPipe::releaseDue);
    connect(m_sink, &QTcpSocket::bytesWritten, this, &ShapedPipe::checkRelief);
}

void ShapedPipe::setPath(FaultPath path)
{
    m_path = std::move(path);
}

FaultPath& ShapedPipe::path()
{
    return m_path;
}

bool ShapedPipe::hasFaults() const
{
    return !m_path.isEmpty();
}

void ShapedPipe::push(const QByteArray& bytes, bool startsMessage)
{
    if (bytes.isEmpty()) {
        return;
    }
    if (m_path.isEmpty() && m_queue.empty()) {
        write(bytes);
        return;
    }
    const qint64 nowNs = MonotonicClock::nowNs();
    const qint64 slice = m_path.sliceBytes() > 0 ? m_path.sliceBytes() : bytes.size();
    for (qsizetype offset = 0; offset < bytes.size(); offset += slice) {
        const QByteArray piece = slice >= bytes.size() ? bytes : bytes.mid(offset, slice);
        const FaultShaper::Passage passage = m_path.pass(nowNs, piece.size(), startsMessage && offset == 0);
        if (passage.outcome == FaultShaper::Passage::Outcome::Swallowed) {
            m_swallowed = true;
        }
        if (passage.outcome != FaultShaper::Passage::Outcome::Released) {
            continue;
        }
        m_lastReleaseNs = std::max(m_lastReleaseNs, passage.releaseNs);
        if (m_queue.empty() && m_lastReleaseNs <= nowNs) {
            write(piece);
        } else {
            m_queue.push_back({m_lastReleaseNs, piece, {}});
            m_queuedBytes += piece.size();
        }
    }
    scheduleNext();
}

void ShapedPipe::pushMarker(std::function<void()> reached)
{
    m_queue.push_back({m_lastReleaseNs, {}, std::move(reached)});
    scheduleNext();
}

bool ShapedPipe::acceptsMore()
{
    if (backlog() < HighWaterBytes) {
        return true;
    }
    m_awaitingRelief = true;
    return false;
}

bool ShapedPipe::hasSwallowed() const
{
    return m_swallowed;
}

bool ShapedPipe::holdsBytes() const
{
    return m_queuedBytes > 0;
}

void ShapedPipe::releaseDue()
{
    const QPointer<ShapedPipe> alive(this);
    const qint64 dueNs = MonotonicClock::nowNs() + ReleaseToleranceNs;
    while (!m_queue.empty() && m_queue.front().releaseNs <= dueNs) {
        Entry entry = std::move(m_queue.front());
        m_queue.pop_front();
        if (entry.marker) {
            flush(); // the marker may close the connection or start the next message
            entry.marker();
            // The marker may have ended the connection, and this pipe with it.
            if (!alive) {
                return;
            }
        } else {
            m_queuedBytes -= entry.bytes.size();
            write(entry.bytes);
        }
    }
    scheduleNext();
    flush();
    checkRelief();
}

void ShapedPipe::scheduleNext()
{
    if (m_queue.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 waitNs = m_queue.front().releaseNs - MonotonicClock::nowNs();
    const int waitMs = waitNs <= ReleaseToleranceNs ? 0 : static_cast<int>((waitNs + ReleaseToleranceNs) / 1'000'000);
    if (!m_timer.isActive() || m_timer.remainingTime() > waitMs) {
        m_timer.start(waitMs);
    }
}

void ShapedPipe::write(const QByteArray& bytes)
{
    if (!m_sink->isOpen()) {
        return; // the peer is gone; the connection's owner is ending it
    }
    m_sink->write(bytes);
    m_unflushed = true;
    emit released(bytes.size());
}

void ShapedPipe::flush()
{
    // A socket still connecting sends its buffer once connected.
    if (m_unflushed && m_sink->state() == QAbstractSocket::ConnectedState) {
        m_unflushed = false;
        m_sink->flush();
    }
}

void ShapedPipe::checkRelief()
{
    if (m_awaitingRelief && backlog() < HighWaterBytes / 2) {
        m_awaitingRelief = false;
        emit relieved();
    }
}

qint64 ShapedPipe::backlog() const
{
    return m_queuedBytes + m_sink->bytesToWrite();
}
