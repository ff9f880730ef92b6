#pragma once

#include <functional>
#include <memory>

class QSocketNotifier;

// Turns Ctrl-C (SIGINT) and SIGTERM into a call of onInterrupt on the event loop of the thread that
// made the watcher. The handler only writes a byte to a socket pair and puts the handlers it found
// back, which it may safely do, so it does not matter which thread the signal lands on, children
// started meanwhile keep an unblocked signal mask (a signalfd needs the signals blocked in every
// thread, and exec passes that mask on), and a second Ctrl-C ends the process at once even when
// the event loop is stuck. One watcher at a time; the handlers found are restored when it goes.
class InterruptWatcher
{
public:
    explicit InterruptWatcher(std::function<void()> onInterrupt);
    ~InterruptWatcher();
    InterruptWatcher(const InterruptWatcher&) = delete;
    InterruptWatcher& operator=(const InterruptWatcher&) = delete;

    // False when the handlers could not be installed (no socket pair, or another watcher is active).
    bool isActive() const
    {
        return m_active;
    }

private:
    static void handle(int signal);
    void onActivated();

    std::function<void()> m_onInterrupt;
    std::unique_ptr<QSocketNotifier> m_notifier;
    bool m_active = false;
};
