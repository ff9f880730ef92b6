#pragma once

#include "proxy/ProxyEngine.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QTimer>

// Gathers the events of every worker thread and hands them on in batches, at most one every
// IntervalMs, so that receivers get a queued signal a batch, never a call a request.
class EventBatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr int IntervalMs = 50;

    explicit EventBatcher(QObject* parent = nullptr);

    // From any thread.
    void add(ProxyEvent event);
    // In the batcher's thread: delivers what is pending now and stops the timer.
    void flush();

signals:
    void batchReady(const QList<ProxyEvent>& events);

private:
    QMutex m_mutex;
    QList<ProxyEvent> m_pending;
    bool m_flushScheduled = false;
    QTimer m_timer{this}; // a child, so that it moves to the batcher's thread with it
};
