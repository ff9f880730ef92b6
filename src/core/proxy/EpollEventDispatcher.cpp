#include "proxy/EpollEventDispatcher.h"

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

namespace
{
constexpr int MaxEvents = 256;
// As Qt's poll loop reads poll(): a hang-up or an error wakes the reader, an error the writer.
constexpr unsigned ReadEvents = EPOLLIN | EPOLLHUP | EPOLLERR;
constexpr unsigned WriteEvents = EPOLLOUT | EPOLLERR;
constexpr unsigned ExceptionEvents = EPOLLPRI;

const char* typeName(QSocketNotifier::Type type)
{
    switch (type) {
    case QSocketNotifier::Read:
        return "read";
    case QSocketNotifier::Write:
        return "write";
    case QSocketNotifier::Exception:
        break;
    }
    return "exception";
}
} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject* parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wakeUp(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (!isValid()) {
        qWarning("EpollEventDispatcher: %s", std::strerror(errno));
        return;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wakeUp;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeUp, &event) != 0) {
        qWarning("EpollEventDispatcher: %s", std::strerror(errno));
        close(m_wakeUp);
        m_wakeUp = -1;
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    for (const int descriptor : {m_epoll, m_wakeUp}) {
        if (descriptor >= 0) {
            close(descriptor);
        }
    }
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    if (canWait) {
        emit aboutToBlock();
    }
    if (m_interrupted.load()) {
        return false;
    }

    // A timer's deadline to the nanosecond, as Qt's loop waits: epoll_wait() counts milliseconds.
    timespec wait{0, 0};
    const timespec* timeout = &wait;
    if (canWait) {
        timeout = nullptr;
        if (includeTimers && !m_deadlines.empty()) {
            const auto left = std::max(Clock::duration::zero(), m_deadlines.begin()->first - Clock::now());
            const auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
            wait = timespec{static_cast<time_t>(nanoseconds / 1'000'000'000),
                            static_cast<long>(nanoseconds % 1'000'000'000)};
            timeout = &wait;
        }
    }
    applyWatchChanges();
    epoll_event events[MaxEvents];
    int ready = epoll_pwait2(m_epoll, events, MaxEvents, timeout, nullptr);
    if (ready < 0 && errno == ENOSYS) {
        // Kernels before 5.11: to the millisecond, rounded up so as not to wake before the timer.
        const int milliseconds
            = timeout ? int((wait.tv_sec * 1'000'000'000LL + wait.tv_nsec + 999'999) / 1'000'000) : -1;
        ready = epoll_wait(m_epoll, events, MaxEvents, milliseconds);
    }
    if (ready < 0) {
        if (errno != EINTR) {
            qWarning("EpollEventDispatcher: %s", std::strerror(errno));
        }
        ready = 0;
    }

    int handled = 0;
    ReadyEvent sockets[MaxEvents];
    int socketCount = 0;
    for (int index = 0; index < ready; ++index) {
        if (events[index].data.fd == m_wakeUp) {
            drainWakeUp();
            ++handled;
        } else if (includeNotifiers) {
            sockets[socketCount++] = ReadyEvent{events[index].data.fd, events[index].events};
        }
    }
    handled += activateSocketNotifiers(sockets, socketCount);
    if (includeTimers) {
        handled += activateTimers();
    }
    return handled > 0;
}

int EpollEventDispatcher::activateSocketNotifiers(const ReadyEvent* ready, int count)
{
    int activated = 0;
    // Looked up again before each notifier: the one before may have removed it, or its socket.
    const auto activate = [this, &activated](int descriptor, QSocketNotifier* Watched::*which) {
        const auto found = m_watched.constFind(descriptor);
        if (found == m_watched.constEnd() || !((*found).*which)) {
            return;
        }
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent((*found).*which, &event);
        ++activated;
    };
    for (int index = 0; index < count; ++index) {
        const ReadyEvent& event = ready[index];
        if (event.events & ExceptionEvents) {
            activate(event.descriptor, &Watched::exception);
        }
        if (event.events & ReadEvents) {
            activate(event.descriptor, &Watched::read);
        }
        if (event.events & WriteEvents) {
            activate(event.descriptor, &Watched::write);
        }
    }
    return activated;
}

int EpollEventDispatcher::activateTimers()
{
    // Those due now, each once: a zero timer, or one started again by its own event, waits for the
    // next pass, as in Qt's loop, rather than keeping this one going.
    const Clock::time_point now = Clock::now();
    QVarLengthArray<int, 32> due;
    for (auto deadline = m_deadlines.begin(); deadline != m_deadlines.end() && deadline->first <= now; ++deadline) {
        due.append(deadline->second);
    }
    int activated = 0;
    for (const int timerId : due) {
        const auto found = m_timers.find(timerId);
        if (found == m_timers.end() || found->firing) {
            continue;
        }
        Timer& timer = *found;
        m_deadlines.erase({timer.deadline, timerId});
        const auto interval = std::chrono::milliseconds(timer.intervalMs);
        timer.deadline += interval;
        if (timer.deadline < now) {
            timer.deadline = now + interval;
        }
        m_deadlines.insert({timer.deadline, timerId});
        timer.firing = true;
        QTimerEvent event(timerId);
        QCoreApplication::sendEvent(timer.object, &event);
        ++activated;
        // The event may have killed the timer, or killed it and started another under its id.
        const auto after = m_timers.find(timerId);
        if (after != m_timers.end()) {
            after->firing = false;
        }
    }
    return activated;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier)
{
    const int descriptor = int(notifier->socket());
    Watched watched = m_watched.value(descriptor);
    QSocketNotifier** slot = notifier->type() == QSocketNotifier::Read ? &watched.read
        : notifier->type() == QSocketNotifier::Write                   ? &watched.write
                                                                       : &watched.exception;
    if (*slot && *slot != notifier) {
        qWarning("EpollEventDispatcher: more than one %s notifier for socket %d", typeName(notifier->type()),
                 descriptor);
    }
    *slot = notifier;
    watch(descriptor, watched);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier)
{
    const int descriptor = int(notifier->socket());
    const auto found = m_watched.constFind(descriptor);
    if (found == m_watched.constEnd()) {
        return;
    }
    Watched watched = *found;
    for (QSocketNotifier** slot : {&watched.read, &watched.write, &watched.exception}) {
        if (*slot == notifier) {
            *slot = nullptr;
        }
    }
    watch(descriptor, watched);
}

void EpollEventDispatcher::watch(int descriptor, const Watched& watched)
{
    if (!watched.read && !watched.write && !watched.exception) {
        m_watched.remove(descriptor);
        // At once, not before the wait: the socket is about to be closed, and its number may go
        // to a new one, which must then be added afresh.
        if (watched.inKernel != 0) {
            control(EPOLL_CTL_DEL, descriptor, 0);
        }
        return;
    }
    m_watched.insert(descriptor, watched);
    if (m_changed.isEmpty() || m_changed.last() != descriptor) {
        m_changed.append(descriptor);
    }
}

void EpollEventDispatcher::applyWatchChanges()
{
    for (const int descriptor : std::as_const(m_changed)) {
        const auto found = m_watched.find(descriptor);
        if (found == m_watched.end()) {
            continue; // unwatched since, and deleted from the kernel's set then
        }
        const unsigned events
            = (found->read ? EPOLLIN : 0u) | (found->write ? EPOLLOUT : 0u) | (found->exception ? EPOLLPRI : 0u);
        if (found->inKernel != events) {
            control(found->inKernel == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, descriptor, events);
            found->inKernel = events;
        }
    }
    m_changed.clear();
}

void EpollEventDispatcher::control(int operation, int descriptor, unsigned events)
{
    epoll_event event{};
    event.data.fd = descriptor;
    event.events = events;
    ++m_kernelChanges;
    int result = epoll_ctl(m_epoll, operation, descriptor, &event);
    if (result != 0 && operation == EPOLL_CTL_DEL && (errno == ENOENT || errno == EBADF)) {
        return; // a socket closed before its notifiers went has left the epoll set already
    }
    // A descriptor number can be closed and given to a new socket between two notifiers.
    if (result != 0 && operation != EPOLL_CTL_DEL && (errno == ENOENT || errno == EEXIST)) {
        ++m_kernelChanges;
        result = epoll_ctl(m_epoll, errno == ENOENT ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, descriptor, &event);
    }
    if (result != 0) {
        qWarning("EpollEventDispatcher: socket %d: %s", descriptor, std::strerror(errno));
    }
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object)
{
    unregisterTimer(timerId);
    const Timer timer{.intervalMs = interval,
                      .type = timerType,
                      .object = object,
                      .deadline = Clock::now() + std::chrono::milliseconds(interval)};
    m_timers.insert(timerId, timer);
    m_timersOfObject.insert(object, timerId);
    m_deadlines.insert({timer.deadline, timerId});
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto found = m_timers.constFind(timerId);
    if (found == m_timers.constEnd()) {
        return false;
    }
    m_deadlines.erase({found->deadline, timerId});
    m_timersOfObject.remove(found->object, timerId);
    m_timers.erase(found);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject* object)
{
    const QList<int> timerIds = m_timersOfObject.values(object);
    for (const int timerId : timerIds) {
        unregisterTimer(timerId);
    }
    return !timerIds.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject* object) const
{
    QList<TimerInfo> timers;
    for (auto timerId = m_timersOfObject.constFind(object);
         timerId != m_timersOfObject.constEnd() && timerId.key() == object; ++timerId) {
        const Timer& timer = m_timers[*timerId];
        timers.append(TimerInfo(*timerId, int(timer.intervalMs), timer.type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto found = m_timers.constFind(timerId);
    if (found == m_timers.constEnd()) {
        return -1;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(found->deadline - Clock::now());
    return int(std::max<qint64>(0, left.count()));
}

void EpollEventDispatcher::wakeUp()
{
    // One write until the loop has read it, however many threads post meanwhile.
    if (!m_wakeUpPending.exchange(true)) {
        const quint64 one = 1;
        if (write(m_wakeUp, &one, sizeof one) != sizeof one) {
            m_wakeUpPending.store(false);
        }
    }
}

void EpollEventDispatcher::drainWakeUp()
{
    quint64 count = 0;
    // Read before the flag is cleared: a post in between is sent at the start of the next pass.
    [[maybe_unused]] const ssize_t read = ::read(m_wakeUp, &count, sizeof count);
    m_wakeUpPending.store(false);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}
