#include "runner/PreciseWakeTimer.h"

#include <algorithm>
#include <sys/timerfd.h>
#include <unistd.h>

#include <QSocketNotifier>

PreciseWakeTimer::PreciseWakeTimer(QObject* parent)
    : QObject(parent)
    // QDeadlineTimer's clock (MonotonicClock) is CLOCK_MONOTONIC on Linux.
    , m_descriptor(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC))
{
    Q_ASSERT(m_descriptor >= 0);
    m_notifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PreciseWakeTimer::onReadable);
}

PreciseWakeTimer::~PreciseWakeTimer()
{
    delete m_notifier;
    if (m_descriptor >= 0) {
        close(m_descriptor);
    }
}

void PreciseWakeTimer::wakeAt(qint64 monotonicNs)
{
    // Zero would disarm the timer: a time at or before the clock's start means "now".
    const qint64 at = std::max<qint64>(monotonicNs, 1);
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(at / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(at % 1'000'000'000);
    timerfd_settime(m_descriptor, TFD_TIMER_ABSTIME, &spec, nullptr);
    m_armed = true;
}

void PreciseWakeTimer::stop()
{
    const itimerspec disarmed{};
    timerfd_settime(m_descriptor, TFD_TIMER_ABSTIME, &disarmed, nullptr);
    m_armed = false;
}

void PreciseWakeTimer::onReadable()
{
    quint64 expirations = 0;
    // Reading clears the readiness; nothing to read means it was re-armed meanwhile.
    if (read(m_descriptor, &expirations, sizeof expirations) != sizeof expirations) {
        return;
    }
    m_armed = false;
    emit timeout();
}
