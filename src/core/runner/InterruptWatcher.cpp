#include "runner/InterruptWatcher.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

#include <QSocketNotifier>

namespace
{
// The handler can reach nothing but globals; one watcher owns them at a time.
int s_sockets[2] = {-1, -1};
struct sigaction s_previousInterrupt = {};
struct sigaction s_previousTerminate = {};
std::atomic<bool> s_taken{false};

void restorePreviousHandlers()
{
    ::sigaction(SIGINT, &s_previousInterrupt, nullptr);
    ::sigaction(SIGTERM, &s_previousTerminate, nullptr);
}
} // namespace

InterruptWatcher::InterruptWatcher(std::function<void()> onInterrupt)
    : m_onInterrupt(std::move(onInterrupt))
{
    if (s_taken.exchange(true)) {
        return;
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, s_sockets) != 0) {
        s_taken = false;
        return;
    }
    m_active = true;
    m_notifier = std::make_unique<QSocketNotifier>(s_sockets[1], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this] { onActivated(); });
    struct sigaction action = {};
    action.sa_handler = &InterruptWatcher::handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &s_previousInterrupt);
    ::sigaction(SIGTERM, &action, &s_previousTerminate);
}

InterruptWatcher::~InterruptWatcher()
{
    if (!m_active) {
        return;
    }
    restorePreviousHandlers();
    m_notifier.reset();
    ::close(s_sockets[0]);
    ::close(s_sockets[1]);
    s_sockets[0] = s_sockets[1] = -1;
    s_taken = false;
}

void InterruptWatcher::handle(int)
{
    const int savedErrno = errno;
    restorePreviousHandlers();
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(s_sockets[0], &byte, 1);
    errno = savedErrno;
}

void InterruptWatcher::onActivated()
{
    char byte = 0;
    [[maybe_unused]] const auto read = ::read(s_sockets[1], &byte, 1);
    // Later signals meet the handlers found, so there is nothing more to read.
    m_notifier->setEnabled(false);
    m_onInterrupt();
}
