#include "proxy/FaultPlan.h"
#include "proxy/MonotonicClock.h"
#include "proxy/PacketLossShaper.h"
#include "proxy/ShapedPipe.h"

#include <cerrno>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QMap>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

// The shaped pipe on a real loopback connection: its sink is a socket the proxy would write to,
// and the far end is a plain POSIX socket, so that the test sees exactly what the kernel
// delivers, a reset included.
class TestShapedPipe : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 Millisecond = 1'000'000;

    // A loopback connection: the pipe writes into sink, the test reads the far end.
    struct Connection
    {
        QTcpServer server;
        QTcpSocket* sink = nullptr;
        int farEnd = -1;

        Connection()
        {
            if (!server.listen(QHostAddress::LocalHost)) {
                return;
            }
            farEnd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_port = htons(server.serverPort());
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(farEnd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0
                || !server.waitForNewConnection(5000)) {
                return;
            }
            sink = server.nextPendingConnection();
        }
        ~Connection()
        {
            if (farEnd != -1) {
                ::close(farEnd);
            }
        }
        Connection(const Connection&) = delete;
        Connection& operator=(const Connection&) = delete;

        // Reads what has arrived, without waiting; false once the connection was reset.
        bool readInto(QByteArray& received, int* error = nullptr) const
        {
            char buffer[64 * 1024];
            for (int reads = 0; reads < 1000; ++reads) {
                const ssize_t count = ::recv(farEnd, buffer, sizeof buffer, MSG_DONTWAIT);
                if (count > 0) {
                    received.append(buffer, count);
                    continue;
                }
                if (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                    if (error) {
                        *error = errno;
                    }
                    return false;
                }
                break;
            }
            return true;
        }
    };

    static Fault fault(FaultParameters parameters, FaultSide side = FaultSide::Server,
                       FaultDirection direction = FaultDirection::Ingress)
    {
        Fault result;
        result.parameters = std::move(parameters);
        result.side = side;
        result.direction = direction;
        return result;
    }

    static FaultPath pathOf(const QList<Fault>& faults, RandomEngine& random)
    {
        return FaultPlan({QStringLiteral("*")}, faults, std::nullopt).buildPath(ProxyFlow::Response, random);
    }

    static QByteArray body(qsizetype size)
    {
        QByteArray bytes(size, Qt::Uninitialized);
        for (qsizetype index = 0; index < size; ++index) {
            bytes[index] = char('a' + (index * 7 + index / 251) % 26);
        }
        return bytes;
    }

    // Waits, bounded, until the far end has received `bytes` bytes.
    static bool receive(const Connection& connection, QByteArray& received, qsizetype bytes, int timeoutMs)
    {
        return QTest::qWaitFor(
            [&] {
                connection.readInto(received);
                return received.size() >= bytes;
            },
            timeoutMs);
    }

private slots:
    void writesStraightThroughWithoutFaults()
    {
        Connection connection;
        QVERIFY(connection.sink);
        ShapedPipe pipe(connection.sink, nullptr);
        QSignalSpy released(&pipe, &ShapedPipe::released);
        const QByteArray bytes = body(10'000);
        pipe.push(bytes, true);
        // Handed to the socket at once, without a queue entry or a timer.
        QCOMPARE(pipe.queuedEntries(), 0);
        QCOMPARE(connection.sink->bytesToWrite(), bytes.size());
        QCOMPARE(released.size(), 1);
        pipe.flush();
        QByteArray received;
        QVERIFY(receive(connection, received, bytes.size(), 5000));
        QCOMPARE(received, bytes);
    }

    void queueStaysBoundedAtOneKilobytePerSecond()
    {
        // A reader that fills the pipe as fast as it may, each read of 64 KiB handed over in
        // pieces of 64 bytes, as a parser does with a chunked body. At 1 KBps a slice is 10
        // bytes: a queue of one entry a slice would hold a hundred thousand of them.
        Connection connection;
        QVERIFY(connection.sink);
        RandomEngine random(1);
        BandwidthFault bandwidth;
        bandwidth.rate = 1;
        bandwidth.unit = BandwidthUnit::KBps;
        ShapedPipe pipe(connection.sink, nullptr);
        pipe.setPath(pathOf({fault(bandwidth)}, random));
        constexpr qint64 ReadBytes = 64 * 1024;
        constexpr qint64 PieceBytes = 64;
        const QByteArray piece = body(PieceBytes);
        qsizetype mostEntries = 0;
        qint64 mostBytes = 0;
        int reads = 0;
        for (; reads < 100 && pipe.acceptsMore(); ++reads) {
            for (qint64 offset = 0; offset < ReadBytes; offset += PieceBytes) {
                pipe.push(piece, reads == 0 && offset == 0);
                mostEntries = std::max(mostEntries, pipe.queuedEntries());
                mostBytes = std::max(mostBytes, pipe.queuedBytes());
            }
        }
        qInfo("%d reads before back-pressure; at most %lld entries, %lld bytes", reads, qint64(mostEntries), mostBytes);
        QVERIFY(!pipe.acceptsMore());
        QVERIFY(mostEntries <= ShapedPipe::HighWaterEntries);
        QVERIFY(mostBytes <= ShapedPipe::HighWaterBytes + ReadBytes);
        // The timer releases slices meanwhile, at the rate and in order.
        QByteArray received;
        QVERIFY(receive(connection, received, 100, 5000));
        QCOMPARE(received, piece.repeated(100).left(received.size()));
        QVERIFY(pipe.queuedEntries() <= mostEntries);

        // Pushes far apart in time each take an entry; the reader is stopped at the entry cap.
        LatencyFault latency;
        latency.mean = 60'000;
        latency.stddev = 0;
        ShapedPipe held(connection.sink, nullptr);
        held.setPath(pathOf({fault(latency)}, random));
        int pushes = 0;
        for (; pushes < 2 * ShapedPipe::HighWaterEntries && held.acceptsMore(); ++pushes) {
            held.push("x", pushes == 0);
            QTest::qWait(1);
        }
        QVERIFY(!held.acceptsMore());
        QCOMPARE(held.queuedEntries(), ShapedPipe::HighWaterEntries);
        // What the stopped reader's last read still hands over joins the last entry.
        for (int piece = 0; piece < 10; ++piece) {
            held.push("y", false);
            QTest::qWait(1);
        }
        QCOMPARE(held.queuedEntries(), ShapedPipe::HighWaterEntries);
        QCOMPARE(held.queuedBytes(), pushes + 10);
    }

    void lossDelaysButDeliversIntactAndInOrder()
    {
        // A seeded engine and its replay: the body arrives whole after the sum of the drawn
        // timeouts, every byte in its place.
        constexpr double Probability = 0.1;
        constexpr int Segments = 20;
        RandomEngine seeded(3);
        RandomEngine replay(3);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        qint64 expectedNs = 0;
        for (int segment = 0; segment < Segments; ++segment) {
            for (qint64 timeoutNs = PacketLossShaper::FirstTimeoutNs; unit(replay) < Probability; timeoutNs *= 2) {
                expectedNs += timeoutNs;
            }
        }
        qInfo("the draws lose %lld ms in all", expectedNs / Millisecond);
        QVERIFY(expectedNs > 0);
        Connection connection;
        QVERIFY(connection.sink);
        ShapedPipe pipe(connection.sink, nullptr);
        pipe.setPath(pathOf({fault(PacketLossFault{Probability})}, seeded));
        const QByteArray bytes = body(Segments * PacketLossShaper::SegmentBytes);
        const qint64 startNs = MonotonicClock::nowNs();
        for (qsizetype offset = 0; offset < bytes.size(); offset += 1000) {
            pipe.push(bytes.mid(offset, 1000), offset == 0);
        }
        pipe.flush();
        QByteArray received;
        QVERIFY(receive(connection, received, bytes.size(), int(expectedNs / Millisecond) + 5000));
        const qint64 elapsedNs = MonotonicClock::nowNs() - startNs;
        QCOMPARE(received, bytes);
        // Released within the timer's half-millisecond tolerance of the computed time.
        QVERIFY2(elapsedNs >= expectedNs - Millisecond, qPrintable(QString::number(elapsedNs)));
        QCOMPARE(seeded, replay);
    }

    void drawsTheSameHoweverTheReadsFall()
    {
        // The same body through the same faults, seeded alike, pushed whole or in reads of 1000
        // bytes a few milliseconds apart: the same amounts and as many draws.
        const auto run = [](qsizetype readBytes, RandomEngine& seeded) {
            QMap<FaultType, double> amounts;
            LatencyFault perSegment;
            perSegment.mean = 1;
            perSegment.stddev = 0;
            perSegment.global = false;
            BandwidthFault bandwidth;
            bandwidth.rate = 20;
            bandwidth.unit = BandwidthUnit::MBps;
            Connection connection;
            if (!connection.sink) {
                return amounts;
            }
            ShapedPipe pipe(connection.sink, nullptr);
            pipe.setPath(pathOf({fault(perSegment), fault(JitterFault{2, 1e6}), fault(PacketLossFault{0.01}),
                                 fault(bandwidth, FaultSide::Client, FaultDirection::Egress)},
                                seeded));
            const QByteArray bytes = body(200'000);
            for (qsizetype offset = 0; offset < bytes.size(); offset += readBytes) {
                pipe.push(bytes.mid(offset, readBytes), offset == 0);
                pipe.flush();
                if (readBytes < bytes.size() && offset % (20 * readBytes) == 0) {
                    QTest::qWait(2); // the kernel's reads do not come all at once
                }
            }
            QByteArray received;
            if (!receive(connection, received, bytes.size(), 10000) || received != bytes) {
                return amounts;
            }
            for (const auto& applied : pipe.path().takeApplied()) {
                amounts[applied.type] += applied.amount;
            }
            return amounts;
        };
        RandomEngine whole(5);
        RandomEngine reads(5);
        const QMap<FaultType, double> first = run(200'000, whole);
        QCOMPARE(first.value(FaultType::Latency), 4.0); // one a segment of 64 KiB
        QVERIFY(first.value(FaultType::Jitter) > 0);
        QCOMPARE(run(1000, reads), first);
        QCOMPARE(reads, whole);
    }

    void resetsTheConnectionOnTheSeventhLoss()
    {
        // Every transmission lost: six timeouts (12.6 s), then an RST, not a close; what was
        // pushed after is dropped, and the markers still run.
        Connection connection;
        QVERIFY(connection.sink);
        RandomEngine random(1);
        ShapedPipe pipe(connection.sink, nullptr);
        pipe.setPath(pathOf({fault(PacketLossFault{1.0})}, random));
        QSignalSpy reset(&pipe, &ShapedPipe::connectionReset);
        bool markerRan = false;
        const qint64 startNs = MonotonicClock::nowNs();
        pipe.push("lost", true);
        pipe.pushMarker([&] { markerRan = true; });
        QVERIFY(reset.wait(20'000));
        QVERIFY2(MonotonicClock::nowNs() - startNs >= 12'600 * Millisecond - Millisecond,
                 qPrintable(QString::number(MonotonicClock::nowNs() - startNs)));
        QTRY_VERIFY_WITH_TIMEOUT(markerRan, 5000);
        pipe.push("after", false);
        QCOMPARE(pipe.queuedEntries(), 0);
        int error = 0;
        QByteArray received;
        QVERIFY(QTest::qWaitFor([&] { return !connection.readInto(received, &error); }, 5000));
        QCOMPARE(error, ECONNRESET);
        QVERIFY(received.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestShapedPipe)
#include "TestShapedPipe.moc"
