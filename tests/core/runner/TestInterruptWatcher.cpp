#include "runner/InterruptWatcher.h"

#include <csignal>

#include <QTest>

namespace
{
void (*handlerOf(int signal))(int)
{
    struct sigaction action = {};
    ::sigaction(signal, nullptr, &action);
    return action.sa_handler;
}

int s_customCalls = 0;

void customHandler(int)
{
    ++s_customCalls;
}
} // namespace

// The Ctrl-C handling `proxy` and `scenario run` share; TestProxyCommand and TestScenarioRunCommand
// stop the real commands with SIGINT.
class TestInterruptWatcher : public QObject
{
    Q_OBJECT

private slots:
    void interruptReachesTheEventLoopOnce_data();
    void interruptReachesTheEventLoopOnce();
    void restoresTheHandlersItFound();
    void oneWatcherAtATime();
};

void TestInterruptWatcher::interruptReachesTheEventLoopOnce_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("Ctrl-C") << SIGINT;
    QTest::newRow("SIGTERM") << SIGTERM;
}

void TestInterruptWatcher::interruptReachesTheEventLoopOnce()
{
    QFETCH(int, signal);
    // QtTest has handlers of its own; in aftershock-cli these are the defaults.
    const auto interruptHandler = handlerOf(SIGINT);
    const auto terminateHandler = handlerOf(SIGTERM);
    int calls = 0;
    const InterruptWatcher watcher([&calls] { ++calls; });
    QVERIFY(watcher.isActive());
    QVERIFY(handlerOf(signal) != interruptHandler && handlerOf(signal) != terminateHandler);
    QCOMPARE(::raise(signal), 0);
    QCOMPARE(calls, 0); // not from inside the handler
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 2000);
    // A second signal would meet the handlers found, at once: in aftershock-cli, the end.
    QVERIFY(handlerOf(SIGINT) == interruptHandler);
    QVERIFY(handlerOf(SIGTERM) == terminateHandler);
}

void TestInterruptWatcher::restoresTheHandlersItFound()
{
    std::signal(SIGINT, &customHandler);
    const auto terminateHandler = handlerOf(SIGTERM);
    {
        int calls = 0;
        const InterruptWatcher watcher([&calls] { ++calls; });
        QVERIFY(handlerOf(SIGINT) != &customHandler);
    }
    QVERIFY(handlerOf(SIGINT) == &customHandler);
    QVERIFY(handlerOf(SIGTERM) == terminateHandler);
    QCOMPARE(::raise(SIGINT), 0);
    QCOMPARE(s_customCalls, 1);
    std::signal(SIGINT, SIG_DFL);
}

void TestInterruptWatcher::oneWatcherAtATime()
{
    const InterruptWatcher first([] {});
    const InterruptWatcher second([] {});
    QVERIFY(first.isActive());
    QVERIFY(!second.isActive());
}

QTEST_GUILESS_MAIN(TestInterruptWatcher)
#include "TestInterruptWatcher.moc"
