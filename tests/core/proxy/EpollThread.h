#pragma once

#include "proxy/EpollEventDispatcher.h"

#include <QObject>
#include <QThread>

// A thread whose loop is an EpollEventDispatcher, as the proxy's workers have, running from its
// construction to its destruction, and a context object living there for what runs on it.
class EpollThread
{
public:
    explicit EpollThread(const QString& name = QString(), QThread::Priority priority = QThread::InheritPriority)
    {
        m_thread.setObjectName(name);
        m_thread.setEventDispatcher(new EpollEventDispatcher);
        m_thread.start(priority);
        m_context.moveToThread(&m_thread);
    }
    ~EpollThread()
    {
        m_thread.quit();
        m_thread.wait();
    }
    EpollThread(const EpollThread&) = delete;
    EpollThread& operator=(const EpollThread&) = delete;

    // Runs function on the thread and waits for it.
    template<typename Function>
    void run(Function function)
    {
        QMetaObject::invokeMethod(&m_context, function, Qt::BlockingQueuedConnection);
    }
    // Lives in the thread: what is queued to it runs there.
    QObject* context()
    {
        return &m_context;
    }

private:
    QThread m_thread;
    QObject m_context;
};
