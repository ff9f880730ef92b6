#include "proxy/ShapedPipe.h"

#include "proxy/MonotonicClock.h"

#include <sys/socket.h>
#include <utility>

#include <QPointer>
#include <QTcpSocket>

namespace
{
// QTimer counts whole milliseconds. Releasing what is due within half of one, and waking at
// the nearest millisecond, centres the error on zero instead of always adding to the delay.
constexpr qint64 ReleaseToleranceNs = 500'000;
// Pushes this close together (the pieces one read's parser hands over) join one entry: they
// arrived together, so they are shaped as if they had.
constexpr qint64 JoinWithinNs = ReleaseToleranceNs;
} // namespace

ShapedPipe::ShapedPipe(QTcpSocket* sink, QObject* parent)
    : QObject(parent)
    , m_sink(sink)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { releaseDue(true); });
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
    if (bytes.isEmpty() || m_reset) {
        return;
    }
    if (m_path.isEmpty() && m_queue.empty()) {
        write(bytes, 0, bytes.size());
        return;
    }
    const qint64 nowNs = MonotonicClock::nowNs();
    Entry* back = m_queue.empty() ? nullptr : &m_queue.back();
    // At the entry cap the reader has been stopped, and what still comes (the rest of one read)
    // joins too, a little early rather than unbounded.
    const bool joins = back && !startsMessage && !back->marker
        && (nowNs - back->arrivalNs <= JoinWithinNs || qsizetype(m_queue.size()) >= HighWaterEntries);
    if (joins) {
        back->bytes += bytes;
    } else {
        m_queue.push_back({nowNs, bytes, 0, startsMessage, {}});
    }
    m_queuedBytes += bytes.size();
    releaseDue(false);
}

void ShapedPipe::pushMarker(std::function<void()> reached)
{
    m_queue.push_back({MonotonicClock::nowNs(), {}, 0, false, std::move(reached)});
    scheduleNext();
}

bool ShapedPipe::acceptsMore()
{
    if (backlog() < HighWaterBytes && qsizetype(m_queue.size()) < HighWaterEntries) {
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

qsizetype ShapedPipe::queuedEntries() const
{
    return qsizetype(m_queue.size());
}

qint64 ShapedPipe::queuedBytes() const
{
    return m_queuedBytes;
}

void ShapedPipe::releaseDue(bool fromTimer)
{
    const QPointer<ShapedPipe> alive(this);
    const qint64 dueNs = MonotonicClock::nowNs() + ReleaseToleranceNs;
    while (!m_queue.empty()) {
        Entry& front = m_queue.front();
        if (front.marker) {
            if (!fromTimer) {
                break; // scheduleNext wakes at once for it
            }
            const std::function<void()> marker = std::move(front.marker);
            m_queue.pop_front();
            flush(); // the marker may close the connection or start the next message
            marker();
            // The marker may have ended the connection, and this pipe with it.
            if (!alive) {
                return;
            }
            continue;
        }
        if (!m_nextSpan) {
            m_nextSpan
                = m_path.pass(front.arrivalNs, front.bytes.size() - front.sent, front.startsMessage && front.sent == 0);
        }
        if (m_nextSpan->releaseNs > dueNs) {
            break;
        }
        const FaultShaper::Passage span = *std::exchange(m_nextSpan, std::nullopt);
        if (span.outcome == FaultShaper::Passage::Outcome::Reset) {
            resetConnection();
            if (!alive) {
                return;
            }
            emit connectionReset();
            if (!alive) {
                return;
            }
            continue; // to the markers
        }
        // The queue is settled before the write, whose signal may reach code that pushes here.
        const QByteArray bytes = front.bytes;
        const qsizetype offset = front.sent;
        front.sent += span.bytes;
        m_queuedBytes -= span.bytes;
        if (front.sent == front.bytes.size()) {
            m_queue.pop_front();
        }
        if (span.outcome == FaultShaper::Passage::Outcome::Swallowed) {
            m_swallowed = true;
            continue;
        }
        write(bytes, offset, span.bytes);
        if (!alive) {
            return;
        }
    }
    scheduleNext();
    if (fromTimer) {
        flush();
        checkRelief();
    }
}

void ShapedPipe::scheduleNext()
{
    if (m_queue.empty()) {
        m_timer.stop();
        return;
    }
    // A marker in front, or bytes not shaped yet: due now.
    const qint64 waitNs = m_nextSpan ? m_nextSpan->releaseNs - MonotonicClock::nowNs() : 0;
    const int waitMs = waitNs <= ReleaseToleranceNs ? 0 : static_cast<int>((waitNs + ReleaseToleranceNs) / 1'000'000);
    if (!m_timer.isActive() || m_timer.remainingTime() > waitMs) {
        m_timer.start(waitMs);
    }
}

void ShapedPipe::write(const QByteArray& bytes, qsizetype offset, qint64 size)
{
    if (!m_sink->isOpen()) {
        return; // the peer is gone; the connection's owner is ending it
    }
    if (offset == 0 && size == bytes.size()) {
        m_sink->write(bytes);
    } else {
        m_sink->write(bytes.constData() + offset, size);
    }
    m_unflushed = true;
    emit released(size);
}

void ShapedPipe::flush()
{
    // A socket still connecting sends its buffer once connected.
    if (m_unflushed && m_sink->state() == QAbstractSocket::ConnectedState) {
        m_unflushed = false;
        m_sink->flush();
    }
}

void ShapedPipe::resetConnection()
{
    if (m_reset) {
        return;
    }
    m_reset = true;
    m_nextSpan.reset();
    std::erase_if(m_queue, [](const Entry& entry) { return !entry.marker; });
    m_queuedBytes = 0;
    if (m_sink->state() != QAbstractSocket::UnconnectedState) {
        // A zero linger makes the close an RST, as TCP's is when it gives up on a segment.
        const qintptr descriptor = m_sink->socketDescriptor();
        if (descriptor != -1) {
            const linger abortive{1, 0};
            ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        }
        m_sink->abort();
    }
    scheduleNext();
}

void ShapedPipe::checkRelief()
{
    if (m_awaitingRelief && backlog() < HighWaterBytes / 2 && qsizetype(m_queue.size()) < HighWaterEntries / 2) {
        m_awaitingRelief = false;
        emit relieved();
    }
}

qint64 ShapedPipe::backlog() const
{
    return m_queuedBytes + m_sink->bytesToWrite();
}
