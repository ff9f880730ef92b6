#include "EpollThread.h"

#include <atomic>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTest>
#include <QThread>
#include <QTimer>

// Named, not anonymous: the test's lambdas capture these types, which a unity build would warn of.
namespace EpollTest
{
constexpr int WaitMs = 5000;

// Two ends of a local stream socket, closed at the end.
struct SocketPair
{
    SocketPair()
    {
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ends);
    }
    ~SocketPair()
    {
        for (const int end : ends) {
            if (end >= 0) {
                close(end);
            }
        }
    }
    int ends[2] = {-1, -1};
};
} // namespace EpollTest

using namespace EpollTest;

// The proxy's worker threads run on this loop, so it must keep Qt's contracts: timers by their
// deadlines (once a pass each), socket notifiers by readiness, posted events and wake-ups from
// other threads, exit() of a loop, and nested loops.
class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void timersFireByTheirDeadlinesAndStop()
    {
        EpollThread thread;
        std::atomic<int> repeats{0};
        std::atomic<qint64> singleShotMs{-1};
        std::unique_ptr<QTimer> repeating;
        thread.run([&] {
            repeating = std::make_unique<QTimer>();
            repeating->setInterval(10);
            QObject::connect(repeating.get(), &QTimer::timeout, [&] {
                if (++repeats == 5) {
                    repeating->stop();
                }
            });
            repeating->start();
            auto* elapsed = new QElapsedTimer;
            elapsed->start();
            QTimer::singleShot(50, Qt::PreciseTimer, thread.context(), [&, elapsed] {
                singleShotMs = elapsed->elapsed();
                delete elapsed;
            });
        });
        QTRY_COMPARE_WITH_TIMEOUT(repeats.load(), 5, WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(singleShotMs.load() >= 0, WaitMs);
        // Not before its deadline (a late one is the machine's doing).
        QVERIFY2(singleShotMs.load() >= 50, qPrintable(QString::number(singleShotMs.load())));
        bool active = true;
        thread.run([&] {
            active = repeating->isActive();
            repeating.reset();
        });
        QVERIFY(!active);
        QCOMPARE(repeats.load(), 5);
    }

    void knowsEachTimersRemainingTimeAndOwner()
    {
        EpollThread thread;
        int remaining = -2;
        int afterKill = -2;
        QList<QAbstractEventDispatcher::TimerInfo> timers;
        thread.run([&] {
            QObject owner;
            const int timerId = owner.startTimer(60'000);
            auto* dispatcher = QAbstractEventDispatcher::instance();
            remaining = dispatcher->remainingTime(timerId);
            timers = dispatcher->registeredTimers(&owner);
            owner.killTimer(timerId);
            afterKill = dispatcher->remainingTime(timerId);
        });
        QVERIFY2(remaining > 59'000 && remaining <= 60'000, qPrintable(QString::number(remaining)));
        QCOMPARE(timers.size(), 1);
        QCOMPARE(timers.first().interval, 60'000);
        QCOMPARE(afterKill, -1);
    }

    void aZeroTimerDoesNotStarveTheSockets()
    {
        EpollThread thread;
        SocketPair pair;
        std::atomic<int> zeroTicks{0};
        std::atomic<bool> read{false};
        std::unique_ptr<QTimer> zero;
        std::unique_ptr<QSocketNotifier> notifier;
        thread.run([&] {
            zero = std::make_unique<QTimer>();
            zero->setInterval(0);
            QObject::connect(zero.get(), &QTimer::timeout, [&] { ++zeroTicks; });
            zero->start();
            notifier = std::make_unique<QSocketNotifier>(pair.ends[0], QSocketNotifier::Read);
            QObject::connect(notifier.get(), &QSocketNotifier::activated, [&] {
                char byte = 0;
                read = ::read(pair.ends[0], &byte, 1) == 1 && byte == 'x';
            });
        });
        QVERIFY(::write(pair.ends[1], "x", 1) == 1);
        QTRY_VERIFY_WITH_TIMEOUT(read.load(), WaitMs);
        QVERIFY(zeroTicks.load() > 0);
        thread.run([&] {
            zero.reset();
            notifier.reset();
        });
    }

    void readAndWriteNotifiersShareASocket()
    {
        EpollThread thread;
        SocketPair pair;
        std::atomic<int> reads{0};
        std::atomic<int> writes{0};
        std::unique_ptr<QSocketNotifier> reader;
        std::unique_ptr<QSocketNotifier> writer;
        thread.run([&] {
            reader = std::make_unique<QSocketNotifier>(pair.ends[0], QSocketNotifier::Read);
            writer = std::make_unique<QSocketNotifier>(pair.ends[0], QSocketNotifier::Write);
            QObject::connect(reader.get(), &QSocketNotifier::activated, [&] {
                char buffer[16];
                while (::read(pair.ends[0], buffer, sizeof buffer) > 0) {
                }
                ++reads;
            });
            // Writable at once: turned off after the first, as a socket does once its data is out.
            QObject::connect(writer.get(), &QSocketNotifier::activated, [&] {
                ++writes;
                writer->setEnabled(false);
            });
        });
        QTRY_COMPARE_WITH_TIMEOUT(writes.load(), 1, WaitMs);
        QCOMPARE(reads.load(), 0);
        QVERIFY(::write(pair.ends[1], "ab", 2) == 2);
        QTRY_COMPARE_WITH_TIMEOUT(reads.load(), 1, WaitMs);
        // The write notifier stayed off while the reader went on.
        QCOMPARE(writes.load(), 1);

        // Readable and writable in one pass: the writer, deleted by the reader's handler, is
        // not activated (under asan, a use after free if it were).
        bool wrote = false;
        thread.run([&] {
            QObject::connect(reader.get(), &QSocketNotifier::activated, [&] { writer.reset(); });
            writer->setEnabled(true);
            wrote = ::write(pair.ends[1], "c", 1) == 1;
        });
        QVERIFY(wrote);
        QTRY_COMPARE_WITH_TIMEOUT(reads.load(), 2, WaitMs);
        QCOMPARE(writes.load(), 1);
        thread.run([&] {
            reader.reset();
            writer.reset();
        });
    }

    // A socket's write notifier goes on with each write and off once the data is out, most often
    // within one pass: the kernel hears of a change only when the loop waits, and then only if
    // there is one (done at once, four epoll_ctl() an exchange cost the proxy 15% of its CPU).
    void changesWithinAPassReachTheKernelOnceAtTheWait()
    {
        EpollThread thread;
        SocketPair pair;
        auto* dispatcher
            = static_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance(thread.context()->thread()));
        std::atomic<int> reads{0};
        std::unique_ptr<QSocketNotifier> reader;
        std::unique_ptr<QSocketNotifier> writer;
        qint64 before = 0;
        thread.run([&] {
            reader = std::make_unique<QSocketNotifier>(pair.ends[0], QSocketNotifier::Read);
            QObject::connect(reader.get(), &QSocketNotifier::activated, [&] {
                char buffer[16];
                while (::read(pair.ends[0], buffer, sizeof buffer) > 0) {
                }
                ++reads;
            });
            writer = std::make_unique<QSocketNotifier>(pair.ends[0], QSocketNotifier::Write);
            writer->setEnabled(false);
        });
        // Read once: the reader is in the kernel's set, the writer, off before any wait, is not.
        QVERIFY(::write(pair.ends[1], "a", 1) == 1);
        QTRY_COMPARE_WITH_TIMEOUT(reads.load(), 1, WaitMs);
        thread.run([&] { before = dispatcher->kernelChangeCount(); });
        for (int round = 0; round < 100; ++round) {
            thread.run([&] {
                writer->setEnabled(true);
                writer->setEnabled(false);
            });
        }
        QVERIFY(::write(pair.ends[1], "b", 1) == 1);
        QTRY_COMPARE_WITH_TIMEOUT(reads.load(), 2, WaitMs);
        qint64 after = 0;
        thread.run([&] { after = dispatcher->kernelChangeCount(); });
        QCOMPARE(after, before);

        // A change that stands reaches the kernel: the writer, left on, fires.
        std::atomic<int> writes{0};
        thread.run([&] {
            QObject::connect(writer.get(), &QSocketNotifier::activated, [&] {
                ++writes;
                writer->setEnabled(false);
            });
            writer->setEnabled(true);
        });
        QTRY_COMPARE_WITH_TIMEOUT(writes.load(), 1, WaitMs);
        thread.run([&] {
            reader.reset();
            writer.reset();
        });
    }

    void aDescriptorClosedAndReusedIsWatchedAfresh()
    {
        EpollThread thread;
        std::atomic<bool> read{false};
        std::unique_ptr<QSocketNotifier> notifier;
        auto first = std::make_unique<SocketPair>();
        const int reused = first->ends[0];
        thread.run([&] { notifier = std::make_unique<QSocketNotifier>(reused, QSocketNotifier::Read); });
        // Closed while still watched (the kernel drops it from the epoll set), then its number
        // goes to a new socket before the old notifier goes.
        first.reset();
        SocketPair second;
        QCOMPARE(second.ends[0], reused);
        thread.run([&] {
            notifier.reset();
            notifier = std::make_unique<QSocketNotifier>(second.ends[0], QSocketNotifier::Read);
            QObject::connect(notifier.get(), &QSocketNotifier::activated, [&] {
                char byte = 0;
                read = ::read(second.ends[0], &byte, 1) == 1;
            });
        });
        QVERIFY(::write(second.ends[1], "x", 1) == 1);
        QTRY_VERIFY_WITH_TIMEOUT(read.load(), WaitMs);
        thread.run([&] { notifier.reset(); });
    }

    void postedEventsFromOtherThreadsWakeIt()
    {
        EpollThread thread;
        constexpr int Posts = 10'000;
        std::atomic<int> received{0};
        // From two threads at once, so that wake-ups cross.
        QThread other;
        other.start();
        QObject otherContext;
        otherContext.moveToThread(&other);
        QMetaObject::invokeMethod(&otherContext, [&] {
            for (int index = 0; index < Posts / 2; ++index) {
                QMetaObject::invokeMethod(thread.context(), [&] { ++received; });
            }
        });
        for (int index = 0; index < Posts / 2; ++index) {
            QMetaObject::invokeMethod(thread.context(), [&] { ++received; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(received.load(), Posts, WaitMs);
        other.quit();
        other.wait();
    }

    void aNestedLoopRunsAndExits()
    {
        EpollThread thread;
        std::atomic<int> outerTicks{0};
        std::atomic<bool> nestedDone{false};
        std::unique_ptr<QTimer> outer;
        thread.run([&] {
            outer = std::make_unique<QTimer>();
            outer->setInterval(5);
            QObject::connect(outer.get(), &QTimer::timeout, [&] {
                // The first tick runs a loop of its own, which exit() ends from a timer: the
                // outer timer must not fire again inside its own handler meanwhile.
                if (++outerTicks != 1) {
                    return;
                }
                QEventLoop loop;
                QTimer::singleShot(30, &loop, [&] { loop.exit(); });
                loop.exec();
                nestedDone = outerTicks.load() == 1;
            });
            outer->start();
        });
        QTRY_VERIFY_WITH_TIMEOUT(nestedDone.load(), WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(outerTicks.load() > 1, WaitMs);
        thread.run([&] { outer.reset(); });
    }
};

QTEST_GUILESS_MAIN(TestEpollEventDispatcher)
#include "TestEpollEventDispatcher.moc"
