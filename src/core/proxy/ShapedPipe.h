#pragma once

#include "proxy/FaultPath.h"

#include <deque>
#include <functional>

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QTcpSocket;

// One direction of a connection: carries bytes into a sink socket through a fault path, holding
// each piece until its computed release time with one precise timer. Without faults it writes
// straight through. The reader stops reading its source while acceptsMore() is false and
// resumes on relieved(), so a slow or throttled flow never piles up memory.
class ShapedPipe : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 HighWaterBytes = 1024 * 1024;

    ShapedPipe(QTcpSocket* sink, QObject* parent);

    void setPath(FaultPath path);
    FaultPath& path();
    bool hasFaults() const;

    void push(const QByteArray& bytes, bool startsMessage);
    // Calls reached once everything pushed before it has gone to the sink, been dropped or
    // been swallowed; always from the event loop, never from inside push or pushMarker.
    void pushMarker(std::function<void()> reached);
    // False (and relieved() will follow) when the backlog is over the high-water mark.
    bool acceptsMore();
    // A black-hole took bytes: the flow must look alive, so the sink is never to be closed.
    bool hasSwallowed() const;
    // Bytes still waiting for their release time.
    bool holdsBytes() const;
    // Sends what was written to the sink now. Writes only queue in the socket, so that the pieces
    // of one message (a response head and its body) leave in one system call; whoever pushes
    // flushes once at the end of its batch, and the pipe flushes its own timed releases. A
    // missed flush only waits for the socket's next event-loop pass.
    void flush();

signals:
    void released(qint64 bytes);
    void relieved();

private:
    struct Entry
    {
        qint64 releaseNs = 0;
        QByteArray bytes;
        std::function<void()> marker;
    };

    void releaseDue();
    void scheduleNext();
    void write(const QByteArray& bytes);
    void checkRelief();
    qint64 backlog() const;

    QTcpSocket* m_sink;
    FaultPath m_path;
    std::deque<Entry> m_queue;
    qint64 m_queuedBytes = 0;
    qint64 m_lastReleaseNs = 0;
    QTimer m_timer;
    bool m_swallowed = false;
    bool m_awaitingRelief = false;
    bool m_unflushed = false;
};
