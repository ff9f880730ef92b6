#include "proxy/FaultPlan.h"
#include "proxy/LatencySampler.h"
#include "proxy/PacketLossShaper.h"

#include <cmath>

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
        const FaultPlan plan({QStringLiteral("*")}, {fault(fixedLatency(10, false))}, std::nullopt);
        FaultPath path = plan.buildPath(ProxyFlow::Response, m_random);
        QCOMPARE(path.pass(0, 1, true).releaseNs, 10 * Millisecond);
        QCOMPARE(path.pass(0, 1, false).releaseNs, 20 * Millisecond);
        QCOMPARE(path.pass(0, 1, false).releaseNs, 30 * Millisecond);
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
        QCOMPARE(path.sliceBytes(), 10'000);
        qint64 lastRelease = 0;
        for (int slice = 0; slice < 100; ++slice) {
            lastRelease = path.pass(0, 10'000, slice == 0).releaseNs;
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
            const qint64 released = path.pass(at, 1, false).releaseNs;
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
        constexpr int Operations = 400'000;
        int lost = 0;
        for (int operation = 0; operation < Operations; ++operation) {
            lost += path.pass(0, 1, false).outcome == FaultShaper::Passage::Outcome::Dropped ? 1 : 0;
        }
        const double rate = double(lost) / Operations;
        // The chain's losses come in bursts, so the tolerance is wider than a binomial one.
        QVERIFY2(std::abs(rate - expected) < 0.01, qPrintable(QStringLiteral("%1 against %2").arg(rate).arg(expected)));
        QCOMPARE(path.takeApplied().constFirst().amount, double(lost));
    }

    void zeroProbabilityMeansOff()
    {
        const FaultPlan loss({QStringLiteral("*")}, {fault(PacketLossFault{0.0})}, std::nullopt);
        FaultPath path = loss.buildPath(ProxyFlow::Response, m_random);
        HttpErrorFault never;
        never.probability = 0;
        const FaultPlan errors({QStringLiteral("*")}, {fault(never)}, std::nullopt);
        for (int operation = 0; operation < 10'000; ++operation) {
            QCOMPARE(path.pass(0, 1, false).outcome, FaultShaper::Passage::Outcome::Released);
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
