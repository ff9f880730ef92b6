#include "proxy/EventBatcher.h"

EventBatcher::EventBatcher(QObject* parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EventBatcher::flush);
}

void EventBatcher::add(ProxyEvent event)
{
    QMutexLocker locker(&m_mutex);
    m_pending.append(std::move(event));
    if (m_flushScheduled) {
        return;
    }
    m_flushScheduled = true;
    locker.unlock();
    // The timer belongs to the batcher's thread, so it is started there.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_timer.isActive()) {
                m_timer.start(IntervalMs);
            }
        },
        Qt::QueuedConnection);
}

void EventBatcher::flush()
{
    m_timer.stop();
    QList<ProxyEvent> batch;
    {
        QMutexLocker locker(&m_mutex);
        batch.swap(m_pending);
        m_flushScheduled = false;
    }
    if (!batch.isEmpty()) {
        emit batchReady(batch);
    }
}
