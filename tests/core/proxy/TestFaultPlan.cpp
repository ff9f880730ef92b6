#include "proxy/FaultPlan.h"
#include "proxy/LatencySampler.h"
#include "proxy/PacketLossShaper.h"

#include <cmath>

#include <QMap>
#include <QTest>

// The fault shapers through the plan that builds them: which stage each fault acts on, and what
// each does to chunks, computed on a virtual clock so that no test waits.
class TestFaultPlan : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 Millisecond = 1'000'000;
    RandomEngine m_random{20260101};

    static Fault fault(FaultParameters parameters, FaultSide side = FaultSide::Server,
                       FaultDirection direction = FaultDirection::Ingress)
    {
        Fault result;
        result.parameters = std::move(parameters);
        result.side = side;
        result.direction = direction;
        return result;
    }

    static LatencyFault fixedLatency(double milliseconds, bool global = true)
    {
        LatencyFault latency;
        latency.mean = milliseconds;
        latency.stddev = 0;
        latency.global = global;
        return latency;
    }

    static UpstreamTarget anyTarget()
    {
        return UpstreamTarget{QStringLiteral("http"), QStringLiteral("localhost"), 9090};
    }

private slots:
    void placesEachFaultOnItsStage_data()
    {
        QTest::addColumn<int>("side");
        QTest::addColumn<int>("direction");
        QTest::addColumn<bool>("onRequest");
        QTest::addColumn<bool>("onResponse");
        QTest::newRow("client ingress") << int(FaultSide::Client) << int(FaultDirection::Ingress) << true << false;
        QTest::newRow("client egress") << int(FaultSide::Client) << int(FaultDirection::Egress) << false << true;
        QTest::newRow("server ingress") << int(FaultSide::Server) << int(FaultDirection::Ingress) << false << true;
        QTest::newRow("server egress") << int(FaultSide::Server) << int(FaultDirection::Egress) << true << false;
        QTest::newRow("server both") << int(FaultSide::Server) << int(FaultDirection::Both) << true << true;
    }

    void placesEachFaultOnItsStage()
    {
        QFETCH(int, side);
        QFETCH(int, direction);
        QFETCH(bool, onRequest);
        QFETCH(bool, onResponse);
        const FaultPlan plan({QStringLiteral("*")},
                             {fault(fixedLatency(10), FaultSide(side), FaultDirection(direction))}, std::nullopt);
        FaultPath request = plan.buildPath(ProxyFlow::Request, m_random);
        FaultPath response = plan.buildPath(ProxyFlow::Response, m_random);
        QCOMPARE(request.pass(0, 10, true).releaseNs, onRequest ? 10 * Millisecond : 0);
        QCOMPARE(response.pass(0, 10, true).releaseNs, onResponse ? 10 * Millisecond : 0);
        const QList<ProxyEvent::AppliedFault> applied = (onRequest ? request : response).takeApplied();
        QCOMPARE(applied.size(), 1);
        QCOMPARE(int(applied.constFirst().side), side);
        QCOMPARE(applied.constFirst().amount, 10.0);
    }

    void appliesOnlyToListedUpstreams()
    {
        const FaultPlan plan({QStringLiteral("api.example.com:443")}, {fault(fixedLatency(10))}, std::nullopt);
        QVERIFY(plan.appliesTo(UpstreamTarget{{}, QStringLiteral("api.example.com"), 443}));
        QVERIFY(!plan.appliesTo(anyTarget()));
        QVERIFY(!FaultPlan({QStringLiteral("*")}, {}, std::nullopt).appliesTo(anyTarget()));
    }

    void globalLatencyShiftsAMessageOnce()
    {
        const FaultPlan plan({QStringLiteral("*")}, {fault(fixedLatency(100))}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        QCOMPARE(path.pass(0, 100, true).releaseNs, 100 * Millisecond);
        QCOMPARE(path.pass(5 * Millisecond, 100, false).releaseNs, 105 * Millisecond);
        QCOMPARE(path.pass(500 * Millisecond, 100, true).releaseNs, 600 * Millisecond);
        QCOMPARE(path.takeApplied().constFirst().amount, 200.0);
    }

    void perOperationLatencyAddsUp()
    {
        // One delay a segment of OperationBytes, the segments one after the other; the bytes of
        // a segment share its delay however they are handed over.
        constexpr qint64 Segment = FaultShaper::OperationBytes;
        const FaultPlan plan({QStringLiteral("*")}, {fault(fixedLatency(10, false))}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        QCOMPARE(path.pass(0, 1, true).releaseNs, 10 * Millisecond);
        QCOMPARE(path.pass(0, Segment - 1, false).releaseNs, 10 * Millisecond);
        const FaultShaper::Passage second = path.pass(0, 3 * Segment, false);
        QCOMPARE(second.bytes, Segment);
        QCOMPARE(second.releaseNs, 20 * Millisecond);
        QCOMPARE(path.pass(0, Segment, false).releaseNs, 30 * Millisecond);
        // A new message starts its segments over.
        QCOMPARE(path.pass(0, 1, true).releaseNs, 40 * Millisecond);
        QCOMPARE(path.takeApplied().constFirst().amount, 40.0);
    }

    void latencyDistributionsKeepTheirMoments_data()
    {
        QTest::addColumn<int>("distribution");
        QTest::addColumn<double>("expectedMean");
        QTest::addColumn<double>("expectedStddev"); // < 0: not checked
        QTest::newRow("normal") << int(LatencyDistribution::Normal) << 200.0 << 20.0;
        QTest::newRow("uniform") << int(LatencyDistribution::Uniform) << 200.0 << 400.0 / std::sqrt(12.0);
        QTest::newRow("pareto") << int(LatencyDistribution::Pareto) << 200.0 << -1.0;
        QTest::newRow("pareto-normal") << int(LatencyDistribution::ParetoNormal) << 220.0 << -1.0;
    }

    void latencyDistributionsKeepTheirMoments()
    {
        QFETCH(int, distribution);
        QFETCH(double, expectedMean);
        QFETCH(double, expectedStddev);
        LatencyFault latency;
        latency.distribution = LatencyDistribution(distribution);
        latency.mean = 200;
        latency.stddev = 20;
        latency.shape = 3; // a finite variance, so that the sample mean settles
        LatencySampler sampler(latency);
        constexpr int Samples = 100'000;
        double sum = 0;
        double squares = 0;
        for (int index = 0; index < Samples; ++index) {
            const double value = sampler.sampleMilliseconds(m_random);
            QVERIFY(value >= 0);
            sum += value;
            squares += value * value;
        }
        const double mean = sum / Samples;
        const double stddev = std::sqrt(squares / Samples - mean * mean);
        QVERIFY2(std::abs(mean - expectedMean) < expectedMean * 0.01, qPrintable(QString::number(mean)));
        if (expectedStddev > 0) {
            QVERIFY2(std::abs(stddev - expectedStddev) < expectedStddev * 0.02, qPrintable(QString::number(stddev)));
        }
    }

    void bandwidthReleasesAtTheRate()
    {
        BandwidthFault bandwidth;
        bandwidth.rate = 1;
        bandwidth.unit = BandwidthUnit::MBps;
        const FaultPlan plan({QStringLiteral("*")}, {fault(bandwidth)}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        // Pieces of 10 ms of transfer.
        const FaultShaper::Passage first = path.pass(0, 1'000'000, true);
        QCOMPARE(first.bytes, 10'000);
        QCOMPARE(first.releaseNs, 10 * Millisecond);
        qint64 lastRelease = 0;
        for (int slice = 1; slice < 100; ++slice) {
            lastRelease = path.pass(0, 10'000, false).releaseNs;
        }
        QCOMPARE(lastRelease, 1000 * Millisecond);
        // Idle time builds no burst: the next piece after a pause takes its full time.
        QCOMPARE(path.pass(5000 * Millisecond, 10'000, false).releaseNs, 5010 * Millisecond);
        QCOMPARE(path.takeApplied().constFirst().amount, 1e6);
    }

    void jitterKeepsToItsFrequency()
    {
        const FaultPlan plan({QStringLiteral("*")}, {fault(JitterFault{50, 10})}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        int jittered = 0;
        qint64 previousRelease = 0;
        for (qint64 at = 0; at < 1000 * Millisecond; at += Millisecond) {
            // A segment a millisecond: jitter draws once a segment.
            const qint64 released = path.pass(at, FaultShaper::OperationBytes, false).releaseNs;
            const qint64 added = released - std::max(at, previousRelease);
            QVERIFY(added >= 0 && added <= 50 * Millisecond);
            jittered += added > 0 ? 1 : 0;
            previousRelease = released;
        }
        // One event every 100 ms at most; a draw of exactly 0 ms would hide one.
        QVERIFY2(jittered >= 8 && jittered <= 10, qPrintable(QString::number(jittered)));
        const FaultPlan silent({QStringLiteral("*")}, {fault(JitterFault{50, 0})}, std::nullopt);
        FaultPath none = silent.buildPath(ProxyFlow::Response, m_random);
        QCOMPARE(none.pass(7, 1, true).releaseNs, 7);
    }

    void packetLossChainLosesAtItsStationaryRate()
    {
        // The chain's long-run loss: its stationary distribution weighted by each state's chance.
        std::array<double, PacketLossShaper::StateCount> stationary{0, 1, 0, 0, 0};
        for (int step = 0; step < 10'000; ++step) {
            std::array<double, PacketLossShaper::StateCount> next{};
            for (int from = 0; from < PacketLossShaper::StateCount; ++from) {
                for (int to = 0; to < PacketLossShaper::StateCount; ++to) {
                    next[to] += stationary[from] * PacketLossShaper::StateTransitions[from][to];
                }
            }
            stationary = next;
        }
        double expected = 0;
        for (int state = 0; state < PacketLossShaper::StateCount; ++state) {
            expected += stationary[state] * PacketLossShaper::StateLossChance[state];
        }
        const FaultPlan plan({QStringLiteral("*")}, {fault(PacketLossFault{})}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        // The chain moves once a transmission: a segment, and each time it is resent.
        constexpr int Segments = 300'000;
        constexpr qint64 Segment = PacketLossShaper::SegmentBytes;
        int resets = 0;
        for (int segment = 0; segment < Segments; ++segment) {
            resets += path.pass(0, Segment, false).outcome == FaultShaper::Passage::Outcome::Reset ? 1 : 0;
        }
        // The amount is the bytes of the lost transmissions; a reset segment is not resent.
        const double lost = path.takeApplied().constFirst().amount / double(Segment);
        const double transmissions = Segments + lost - resets;
        const double rate = lost / transmissions;
        // The chain's losses come in bursts, so the tolerance is wider than a binomial one.
        QVERIFY2(std::abs(rate - expected) < 0.01, qPrintable(QStringLiteral("%1 against %2").arg(rate).arg(expected)));
        QVERIFY(resets > 0); // the bad state loses 9 in 10: seven in a row happen
    }

    void lossAtProbabilityOneResetsOnTheSeventhLoss()
    {
        // Six timeouts of 200 ms doubling, then the seventh loss gives up: 200 + 400 + 800 +
        // 1,600 + 3,200 + 6,400 = 12,600 ms after the segment arrived.
        const FaultPlan plan({QStringLiteral("*")}, {fault(PacketLossFault{1.0})}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        const FaultShaper::Passage passage = path.pass(5 * Millisecond, 100, true);
        QCOMPARE(passage.outcome, FaultShaper::Passage::Outcome::Reset);
        QCOMPARE(passage.releaseNs, 5 * Millisecond + 12'600 * Millisecond);
        QCOMPARE(passage.bytes, 100);
        QCOMPARE(path.takeApplied().constFirst().amount, 700.0);
    }

    void lossDelaysEachSegmentByItsTimeouts()
    {
        // A seeded engine, and a second one with the same seed that replays the draws: each
        // segment's transmissions are lost while a draw is under the probability, each loss
        // costing 200 ms doubled for each consecutive loss of that segment.
        constexpr double Probability = 0.3;
        constexpr int Segments = 40;
        constexpr qint64 Segment = PacketLossShaper::SegmentBytes;
        RandomEngine seeded(7);
        RandomEngine replay(7);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        qint64 expectedNs = 0;
        int expectedLosses = 0;
        for (int segment = 0; segment < Segments; ++segment) {
            qint64 timeoutNs = PacketLossShaper::FirstTimeoutNs;
            while (unit(replay) < Probability) {
                ++expectedLosses;
                expectedNs += timeoutNs;
                timeoutNs *= 2;
            }
        }
        QVERIFY(expectedLosses > 0);
        const FaultPlan plan({QStringLiteral("*")}, {fault(PacketLossFault{Probability})}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, seeded);
        // The body arrives at once, in reads that do not fall on segment boundaries.
        qint64 remaining = Segments * Segment;
        qint64 lastRelease = 0;
        bool starts = true;
        for (int pass = 0; remaining > 0 && pass < 10 * Segments; ++pass) {
            const FaultShaper::Passage passage = path.pass(0, std::min<qint64>(remaining, 1000), starts);
            QCOMPARE(passage.outcome, FaultShaper::Passage::Outcome::Released);
            QVERIFY(passage.releaseNs >= lastRelease); // in order
            lastRelease = passage.releaseNs;
            remaining -= passage.bytes;
            starts = false;
        }
        QCOMPARE(remaining, 0);
        QCOMPARE(lastRelease, expectedNs);
        QCOMPARE(path.takeApplied().constFirst().amount, double(expectedLosses * Segment));
        QCOMPARE(seeded, replay); // no draw more or less
    }

    // What a seeded path draws for a body of BodyBytes handed over in reads of readBytes (0: one
    // read), with or without a bandwidth cap that slices it into pieces of 10 bytes. Each byte
    // arrives at its own fixed time, a microsecond apart, so that every segment meets a jitter
    // event however the reads fall.
    static QMap<FaultType, double> drawnAmounts(qint64 readBytes, bool capped, RandomEngine& seeded)
    {
        constexpr qint64 BodyBytes = 200'000;
        constexpr qint64 Microsecond = 1000;
        BandwidthFault bandwidth;
        bandwidth.rate = 1;
        bandwidth.unit = BandwidthUnit::KBps;
        QList<Fault> faults{fault(fixedLatency(30)), fault(fixedLatency(10, false)), fault(JitterFault{20, 1e6}),
                            fault(PacketLossFault{0.05})};
        if (capped) {
            faults.append(fault(bandwidth, FaultSide::Client, FaultDirection::Egress));
        }
        const FaultPlan plan({QStringLiteral("*")}, faults, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, seeded);
        qint64 offset = 0;
        for (int passes = 0; offset < BodyBytes && passes < 1'000'000;) {
            const qint64 read = readBytes > 0 ? std::min(readBytes, BodyBytes - offset) : BodyBytes - offset;
            for (qint64 taken = 0; taken < read && passes < 1'000'000; ++passes) {
                const qint64 at = offset + taken;
                taken += path.pass(at * Microsecond, read - taken, at == 0).bytes;
            }
            offset += read;
        }
        QMap<FaultType, double> amounts;
        for (const auto& applied : path.takeApplied()) {
            amounts[applied.type] += applied.amount;
        }
        return amounts;
    }

    void drawsFollowSegmentsNotSlices_data()
    {
        QTest::addColumn<qint64>("readBytes");
        QTest::addColumn<bool>("capped");
        QTest::newRow("reads of 1000") << qint64(1000) << false;
        QTest::newRow("reads of 7000, capped at 1 KBps") << qint64(7000) << true;
        QTest::newRow("reads of 1, capped at 1 KBps") << qint64(1) << true;
    }

    void drawsFollowSegmentsNotSlices()
    {
        QFETCH(qint64, readBytes);
        QFETCH(bool, capped);
        RandomEngine reference(11);
        RandomEngine seeded(11);
        const QMap<FaultType, double> whole = drawnAmounts(0, false, reference);
        QMap<FaultType, double> amounts = drawnAmounts(readBytes, capped, seeded);
        // Latency: 30 ms once for the message (global), and 10 ms once a segment of OperationBytes.
        const qint64 operationSegments = (200'000 + FaultShaper::OperationBytes - 1) / FaultShaper::OperationBytes;
        QCOMPARE(whole.value(FaultType::Latency), 30.0 + 10.0 * double(operationSegments));
        QVERIFY(whole.value(FaultType::Jitter) > 0);
        QVERIFY(whole.value(FaultType::PacketLoss) > 0);
        QCOMPARE(amounts.take(FaultType::Bandwidth) > 0, capped);
        QCOMPARE(amounts, whole);
        QCOMPARE(seeded, reference); // as many draws, whatever the reads and the slices
    }

    void zeroProbabilityMeansOff()
    {
        const FaultPlan loss({QStringLiteral("*")}, {fault(PacketLossFault{0.0})}, std::nullopt);
        FaultPath path = loss.buildPath(ProxyFlow::Response, m_random);
        HttpErrorFault never;
        never.probability = 0;
        const FaultPlan errors({QStringLiteral("*")}, {fault(never)}, std::nullopt);
        for (int operation = 0; operation < 10'000; ++operation) {
            const FaultShaper::Passage passage = path.pass(0, PacketLossShaper::SegmentBytes, false);
            QCOMPARE(passage.outcome, FaultShaper::Passage::Outcome::Released);
            QCOMPARE(passage.releaseNs, 0);
            QVERIFY(!errors.drawHttpError(0, m_random));
        }
        QVERIFY(path.takeApplied().isEmpty());
    }

    void httpErrorCarriesStatusAndBody()
    {
        HttpErrorFault always;
        always.statusCode = 503;
        always.probability = 1;
        always.body = QStringLiteral("down");
        const FaultPlan plan({QStringLiteral("*")}, {fault(always)}, std::nullopt);
        const auto error = plan.drawHttpError(0, m_random);
        QVERIFY(error);
        QCOMPARE(error->statusCode, 503);
        QCOMPARE(*error->body, QByteArray("down"));
        QVERIFY(plan.buildPath(ProxyFlow::Response, m_random).isEmpty());
    }

    void blackholeSwallows()
    {
        const FaultPlan plan({QStringLiteral("*")}, {fault(BlackholeFault{})}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        QCOMPARE(path.pass(0, 42, true).outcome, FaultShaper::Passage::Outcome::Swallowed);
        QCOMPARE(path.takeApplied().constFirst().amount, 42.0);
    }

    void periodsOpenOnlyTheirWindow()
    {
        Fault delayed = fault(fixedLatency(10));
        delayed.period
            = Period{PeriodBound{PeriodBound::Unit::Percent, 30}, PeriodBound{PeriodBound::Unit::Percent, 30}};
        HttpErrorFault always;
        always.probability = 1;
        Fault error = fault(always);
        error.period = delayed.period;
        const qint64 start = 1000 * Millisecond;
        const FaultPlan plan({QStringLiteral("*")}, {delayed, error}, RunWindow{start, 1000 * Millisecond});
        // A fresh path for each probe, so that one probe's delay does not hold back the next.
        const auto delayAt = [&](qint64 offset) {
            const qint64 at = start + offset;
            return plan.buildPath(ProxyFlow::Response, m_random).pass(at, 1, true).releaseNs - at;
        };
        QCOMPARE(delayAt(299 * Millisecond), 0);
        QCOMPARE(delayAt(300 * Millisecond), 10 * Millisecond);
        QCOMPARE(delayAt(599 * Millisecond), 10 * Millisecond);
        QCOMPARE(delayAt(600 * Millisecond), 0);
        QVERIFY(!plan.drawHttpError(start + 299 * Millisecond, m_random));
        QVERIFY(plan.drawHttpError(start + 300 * Millisecond, m_random));
        QVERIFY(!plan.drawHttpError(start + 600 * Millisecond, m_random));
        // Without a run window a period means nothing: the fault is always on.
        const FaultPlan always_on({QStringLiteral("*")}, {delayed}, std::nullopt);
        QCOMPARE(always_on.buildPath(ProxyFlow::Response, m_random).pass(0, 1, true).releaseNs, 10 * Millisecond);
    }

    void stackedFaultsAddUp()
    {
        BandwidthFault bandwidth;
        bandwidth.rate = 1000;
        const FaultPlan plan({QStringLiteral("*")},
                             {fault(fixedLatency(100)), fault(bandwidth, FaultSide::Client, FaultDirection::Egress)},
                             std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        // 100 ms of latency on the server side, then 10 bytes at 1000 B/s on the client side.
        QCOMPARE(path.pass(0, 10, true).releaseNs, 110 * Millisecond);
        QCOMPARE(path.takeApplied().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestFaultPlan)
#include "TestFaultPlan.moc"
