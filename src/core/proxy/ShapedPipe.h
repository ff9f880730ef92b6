#pragma once

#include "proxy/FaultPath.h"

#include <deque>
#include <functional>
#include <optional>

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QTcpSocket;

// One direction of a connection: carries bytes into a sink socket through a fault path, holding
// them until their computed release time with one precise timer. Without faults it writes
// straight through. The queue holds what arrived, with its arrival time, and the path shapes
// only the next span of it, when the one before has left: so a slow cap costs one entry a push,
// not one a slice, at any rate. The reader stops reading its source while acceptsMore() is
// false and resumes on relieved(), so the queue stays bounded in bytes and in entries.
class ShapedPipe : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 HighWaterBytes = 1024 * 1024;
    // Only pushes under 1 KiB on average meet this cap before the byte one.
    static constexpr qsizetype HighWaterEntries = 1024;

    ShapedPipe(QTcpSocket* sink, QObject* parent);

    void setPath(FaultPath path);
    FaultPath& path();
    bool hasFaults() const;

    void push(const QByteArray& bytes, bool startsMessage);
    // Calls reached once everything pushed before it has gone to the sink, been swallowed or
    // been cut off by a reset; always from the event loop, never from inside push or pushMarker.
    void pushMarker(std::function<void()> reached);
    // False (and relieved() will follow) when the backlog is over a high-water mark.
    bool acceptsMore();
    // A black-hole took bytes: the flow must look alive, so the sink is never to be closed.
    bool hasSwallowed() const;
    // Bytes still waiting for their release time.
    bool holdsBytes() const;
    // What waits in the queue: entries (pushes and markers) and bytes.
    qsizetype queuedEntries() const;
    qint64 queuedBytes() const;
    // Sends what was written to the sink now. Writes only queue in the socket, so that the pieces
    // of one message (a response head and its body) leave in one system call; whoever pushes
    // flushes once at the end of its batch, and the pipe flushes its own timed releases. A
    // missed flush only waits for the socket's next event-loop pass.
    void flush();
    // Resets the sink's connection (an RST, not a close) and drops the bytes still queued; later
    // pushes are dropped too, markers still run.
    void resetConnection();

signals:
    void released(qint64 bytes);
    void relieved();
    // A packet-loss fault gave up on a segment and reset the sink: the owner resets the other end.
    void connectionReset();

private:
    struct Entry
    {
        qint64 arrivalNs = 0;
        QByteArray bytes;
        qsizetype sent = 0; // bytes already shaped and gone
        bool startsMessage = false;
        std::function<void()> marker;
    };

    // Releases what is due: from the timer, markers included; from push, bytes only.
    void releaseDue(bool fromTimer);
    void scheduleNext();
    // Writes size bytes of bytes from offset; the whole array shares its buffer with the socket.
    void write(const QByteArray& bytes, qsizetype offset, qint64 size);
    void checkRelief();
    qint64 backlog() const;

    QTcpSocket* m_sink;
    FaultPath m_path;
    std::deque<Entry> m_queue;
    qint64 m_queuedBytes = 0;
    std::optional<FaultShaper::Passage> m_nextSpan; // the front's next span, shaped, not yet due
    QTimer m_timer;
    bool m_swallowed = false;
    bool m_reset = false;
    bool m_awaitingRelief = false;
    bool m_unflushed = false;
};
