#pragma once

#include <atomic>
#include <chrono>
#include <set>
#include <utility>

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QMultiHash>
#include <QVarLengthArray>

// An event loop for the proxy's worker threads that waits with epoll, so that a pass of the loop
// costs what is ready, not what is open. Qt's own loops (GLib's and Qt's poll loop) hand the
// kernel every socket of the thread on each pass: with a thousand idle clients held open, a pass
// cost a worker more than it spent on the requests it served (measured in TestProxyUnderAttack:
// half of all the process's samples in poll). Timers are kept in deadline order for the same
// reason: a client's head timer is restarted on every exchange. Changes to what a socket is
// watched for reach the kernel just before the loop waits, so that a notifier turned on and off
// again within a pass costs nothing: a socket's write notifier is turned on by each write and off
// once its data is out, which done at once cost four epoll_ctl() an exchange, 15% of the proxy's
// CPU (bench/proxy).
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    // Whether the kernel gave the epoll and wake-up descriptors; without them the thread keeps
    // Qt's loop (the caller does not install this one).
    bool isValid() const
    {
        return m_epoll >= 0 && m_wakeUp >= 0;
    }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

    // How many times the kernel's set was changed (epoll_ctl), for tests.
    qint64 kernelChangeCount() const
    {
        return m_kernelChanges;
    }

private:
    using Clock = std::chrono::steady_clock;

    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject* object = nullptr;
        Clock::time_point deadline;
        bool firing = false; // its event is being handled: a nested loop must not send another
    };
    struct Watched
    {
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
        QSocketNotifier* exception = nullptr;
        unsigned inKernel = 0; // the events the kernel's set holds for it; 0: not in the set
    };

    struct ReadyEvent
    {
        int descriptor;
        unsigned events;
    };

    void watch(int descriptor, const Watched& watched);
    // Hands the kernel what changed since the last wait.
    void applyWatchChanges();
    void control(int operation, int descriptor, unsigned events);
    // ready: this pass's own (a notifier's handler may run a nested loop, with a pass of its own).
    int activateSocketNotifiers(const ReadyEvent* ready, int count);
    int activateTimers();
    void drainWakeUp();

    int m_epoll = -1;
    int m_wakeUp = -1; // an eventfd
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};
    QHash<int, Watched> m_watched; // by descriptor
    QVarLengthArray<int, 64> m_changed; // descriptors whose notifiers changed since the last wait
    qint64 m_kernelChanges = 0;
    QHash<int, Timer> m_timers; // by timer id
    QMultiHash<QObject*, int> m_timersOfObject;
    std::set<std::pair<Clock::time_point, int>> m_deadlines;
};
