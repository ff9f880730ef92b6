#pragma once

#include <QDeadlineTimer>

// Now, in nanoseconds of the monotonic clock that QElapsedTimer and QDeadlineTimer read, the
// clock of ProxyEvent's timestamps and of setRunWindow.
class MonotonicClock
{
public:
    static qint64 nowNs()
    {
        return QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs();
    }
};
