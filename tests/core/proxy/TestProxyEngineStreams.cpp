#include "HttpTestClient.h"
#include "LocalHttpServer.h"
#include "ProxyTestSupport.h"
#include "proxy/MonotonicClock.h"
#include "proxy/PacketLossShaper.h"

#include <QMap>
#include <QTest>

using namespace ProxyTestSupport;

// The byte-stream faults through the whole engine against a local upstream: what a seeded replay
// draws for a body the kernel hands over in pieces of its choosing, and what a client meets when
// packet loss gives up.
class TestProxyEngineStreams : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 Millisecond = 1'000'000;
    LocalHttpServer m_upstream;

    // The amounts each fault type reported for one call of a 300 KB response, on an engine of
    // its own seeded with seed.
    QMap<FaultType, double> appliedToLargeBody(quint64 seed)
    {
        QMap<FaultType, double> amounts;
        LatencyFault perSegment;
        perSegment.mean = 2;
        perSegment.stddev = 0;
        perSegment.global = false;
        BandwidthFault bandwidth;
        bandwidth.rate = 5;
        bandwidth.unit = BandwidthUnit::MBps;
        // A jitter event due every microsecond meets every segment, whenever it arrives.
        ProxyConfig seeded
            = config({makeFault(perSegment), makeFault(JitterFault{3, 1e6}), makeFault(PacketLossFault{0.02}),
                      makeFault(bandwidth, FaultSide::Client, FaultDirection::Egress)});
        seeded.randomSeed = seed;
        ProxyEngineImpl engine;
        EventCollector collector(engine);
        if (!engine.start(seeded, nullptr)) {
            return amounts;
        }
        constexpr qint64 BodyBytes = 300'000;
        const auto result = HttpTestClient::run(
            engine.proxyPort(),
            get(m_upstream.port(), "/bytes/" + QByteArray::number(BodyBytes), "X-Aftershock-Call-Id: large-1\r\n"),
            20000);
        if (!result.complete || result.responseBytes <= BodyBytes || !collector.waitFor(1)) {
            return amounts;
        }
        for (const ProxyEvent::AppliedFault& applied : collector.events.constFirst().applied) {
            if (applied.type != FaultType::Bandwidth) {
                amounts[applied.type] += applied.amount;
            }
        }
        return amounts;
    }

private slots:
    void seededReplaysDrawTheSameForALargeBody()
    {
        // Under a bandwidth cap that slices it into 50 KB pieces, a body of five segments of
        // 64 KiB: as many latency draws as segments, and the same draws on every replay.
        const QMap<FaultType, double> first = appliedToLargeBody(42);
        QCOMPARE(first.value(FaultType::Latency), 2.0 * 5);
        QVERIFY(first.value(FaultType::Jitter) > 0);
        QCOMPARE(appliedToLargeBody(42), first);
        QVERIFY(appliedToLargeBody(43) != first);
    }

    void lossThatGivesUpResetsTheClient()
    {
        // Every transmission of the request lost on the way to the upstream: after six timeouts
        // (12.6 s) the connection is reset, and the client gets no response, not the proxy's 502.
        ProxyEngineImpl engine;
        EventCollector collector(engine);
        QVERIFY(engine.start(config({makeFault(PacketLossFault{1.0}, FaultSide::Server, FaultDirection::Egress)}),
                             nullptr));
        const int served = m_upstream.requestCount();
        const qint64 startNs = MonotonicClock::nowNs();
        const auto result = HttpTestClient::run(engine.proxyPort(), get(m_upstream.port(), "/ok"), 20000);
        const qint64 elapsedNs = MonotonicClock::nowNs() - startNs;
        QVERIFY(result.closed);
        QVERIFY(!result.timedOut);
        QCOMPARE(result.responseBytes, 0);
        QVERIFY2(elapsedNs >= 12'600 * Millisecond - Millisecond, qPrintable(QString::number(elapsedNs)));
        QCOMPARE(m_upstream.requestCount(), served);
        QVERIFY(collector.waitFor(1));
        const QList<ProxyEvent::AppliedFault>& applied = collector.events.constFirst().applied;
        QVERIFY(std::any_of(applied.begin(), applied.end(),
                            [](const ProxyEvent::AppliedFault& fault) { return fault.type == FaultType::PacketLoss; }));
    }
};

QTEST_GUILESS_MAIN(TestProxyEngineStreams)
#include "TestProxyEngineStreams.moc"
