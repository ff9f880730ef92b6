#pragma once

#include <QObject>

class QSocketNotifier;

// Wakes its thread's event loop at a time of the monotonic clock, to the microsecond. QTimer
// counts whole milliseconds from now, which would add up to a millisecond to every latency the
// load generator measures from a call's due time; a timerfd armed at the absolute time wakes the
// loop's poll as a socket does, so the loop keeps serving sockets meanwhile.
class PreciseWakeTimer : public QObject
{
    Q_OBJECT

public:
    explicit PreciseWakeTimer(QObject* parent = nullptr);
    ~PreciseWakeTimer() override;

    // Replaces the time set before; a time already past fires at the next turn of the loop.
    void wakeAt(qint64 monotonicNs);
    void stop();
    bool isActive() const
    {
        return m_armed;
    }

signals:
    void timeout();

private:
    void onReadable();

    int m_descriptor = -1;
    QSocketNotifier* m_notifier = nullptr;
    bool m_armed = false;
};
