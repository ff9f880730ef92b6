#include "HttpTestClient.h"
#include "LocalHttpServer.h"
#include "ProxyTestSupport.h"
#include "proxy/MonotonicClock.h"
#include "proxy/PacketLossShaper.h"

#include <algorithm>
#include <cmath>
#include <sys/resource.h>

#include <QSet>
#include <QTest>

using namespace ProxyTestSupport;

// The faults measured from the client's side against a local upstream, with the tolerances the
// issue sets. Requests run concurrently to keep the wall time short; timing is taken on the
// monotonic clock, and delays are measured against a no-fault baseline.
class TestProxyEngineAccuracy : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<LocalHttpServer> m_upstream;
    std::unique_ptr<LocalHttpServer> m_reference; // never faulted
    std::unique_ptr<ProxyEngineImpl> m_engine;

    struct Moments
    {
        double mean = 0;
        double variance = 0;
    };

    static Moments momentsOf(const QList<HttpTestClient::Result>& results)
    {
        Moments moments;
        for (const auto& result : results) {
            moments.mean += double(result.endNs - result.startNs) / 1e6;
        }
        moments.mean /= double(results.size());
        for (const auto& result : results) {
            const double deviation = double(result.endNs - result.startNs) / 1e6 - moments.mean;
            moments.variance += deviation * deviation;
        }
        moments.variance /= double(results.size() - 1);
        return moments;
    }

    QList<HttpTestClient::Result> runRequests(int count, const QByteArray& path, int concurrency, int timeoutMs)
    {
        return HttpTestClient::runAll(m_engine->proxyPort(), QList<QByteArray>(count, get(m_upstream->port(), path)),
                                      concurrency, timeoutMs);
    }

    static int countStatus(const QList<HttpTestClient::Result>& results, int status)
    {
        return int(std::count_if(results.begin(), results.end(),
                                 [status](const HttpTestClient::Result& result) { return result.status == status; }));
    }

    // The 99.9% interval of a binomial proportion (normal approximation; n·p is well over 10
    // here). The draws are unseeded, so each check is a fresh sample: at 99% the two checks failed
    // a run in 50 (in a clean clone's ./scripts/test, 235 packet losses in 2,000 at 0.1, 2.6
    // standard deviations). A rate off by a quarter still falls outside.
    static bool insideBinomialInterval(int hits, int trials, double probability)
    {
        const double halfWidth = 3.2905 * std::sqrt(probability * (1 - probability) / trials);
        const double observed = double(hits) / trials;
        qInfo("observed %d of %d = %.4f, interval %.4f..%.4f", hits, trials, observed, probability - halfWidth,
              probability + halfWidth);
        return std::abs(observed - probability) <= halfWidth;
    }

private slots:
    void initTestCase()
    {
        m_upstream = std::make_unique<LocalHttpServer>();
        m_reference = std::make_unique<LocalHttpServer>();
        m_engine = std::make_unique<ProxyEngineImpl>();
        ProxyConfig proxyConfig = config();
        // Lost requests end in a 504 this soon: long enough that a loaded machine (a sanitizer
        // build, other tests) does not turn a slow answer into a false loss.
        proxyConfig.responseTimeoutMs = 1500;
        QString error;
        QVERIFY2(m_engine->start(proxyConfig, &error), qPrintable(error));
    }

    void cleanup()
    {
        m_engine->setFaults({QStringLiteral("*")}, {});
        m_engine->clearRunWindow();
    }

    void latencyKeepsItsMeanAndSpread()
    {
        // Kept-alive connections to the faulted upstream run beside as many to a reference
        // upstream without the fault, which pause as long as the fault delays, so that both
        // meet the same load; the difference of their times is the delay the fault added.
        constexpr int Connections = 25;
        // The first request of each connection also sets it up (and the proxy's link to the
        // upstream): it is sent but not measured, leaving 500 requests to each upstream.
        constexpr int RequestsEach = 21;
        LatencyFault latency;
        latency.mean = 200;
        latency.stddev = 20;
        m_engine->setFaults({QStringLiteral("127.0.0.1:%1").arg(m_upstream->port())}, {makeFault(latency)});
        QList<HttpTestClient::Plan> sessions;
        for (int index = 0; index < Connections; ++index) {
            sessions << HttpTestClient::Plan{QList<QByteArray>(RequestsEach, get(m_upstream->port(), "/ok")), 0}
                     << HttpTestClient::Plan{QList<QByteArray>(RequestsEach, get(m_reference->port(), "/ok")), 200};
        }
        const auto results = HttpTestClient::runConnections(m_engine->proxyPort(), sessions, 8, 5000);
        QCOMPARE(results.size(), 2 * Connections * RequestsEach);
        QList<HttpTestClient::Result> faulted;
        QList<HttpTestClient::Result> reference;
        for (qsizetype index = 0; index < results.size(); ++index) {
            QCOMPARE(results.at(index).status, 200);
            if (index % RequestsEach != 0) {
                ((index / RequestsEach) % 2 == 0 ? faulted : reference).append(results.at(index));
            }
        }
        const Moments withFault = momentsOf(faulted);
        const Moments without = momentsOf(reference);
        const double addedMean = withFault.mean - without.mean;
        const double addedStddev = std::sqrt(std::max(0.0, withFault.variance - without.variance));
        qInfo("reference %.2f ms (sd %.2f); added mean %.2f ms, sd %.2f ms", without.mean, std::sqrt(without.variance),
              addedMean, addedStddev);
        QVERIFY2(std::abs(addedMean - 200) <= std::max(200 * 0.02, 1.0), qPrintable(QString::number(addedMean)));
        QVERIFY2(std::abs(addedStddev - 20) <= 20 * 0.10, qPrintable(QString::number(addedStddev)));
    }

    void bandwidthHoldsTheRate()
    {
        // 2.5 s of transfer, so that a scheduling hiccup of a loaded machine stays well inside 3%.
        constexpr double Rate = 2e6; // bytes a second
        constexpr qint64 BodyBytes = 5'000'000;
        BandwidthFault bandwidth;
        bandwidth.rate = 2;
        bandwidth.unit = BandwidthUnit::MBps;
        m_engine->setFaults({QStringLiteral("*")}, {makeFault(bandwidth)});
        const auto result = HttpTestClient::run(
            m_engine->proxyPort(), get(m_upstream->port(), "/bytes/" + QByteArray::number(BodyBytes)), 10000);
        QVERIFY(result.complete);
        QVERIFY(result.responseBytes > BodyBytes);
        // From the first byte to the last: the transfer itself, without the upstream's start.
        const double seconds = double(result.endNs - result.firstByteNs) / 1e9;
        const double observed = double(result.responseBytes - result.bytesAtFirstRead) / seconds;
        qInfo("%.0f bytes a second over %.3f s (configured %.0f)", observed, seconds, Rate);
        QVERIFY2(std::abs(observed - Rate) <= Rate * 0.03, qPrintable(QString::number(observed)));
    }

    void packetLossDelaysAtItsProbability()
    {
        // Lost on the way to the upstream: a request fits in one segment, resent 200 ms later
        // (and 400 ms after that if lost again), so every request is answered, whole, and the
        // lost ones are late by their timeouts; the events say which were lost.
        constexpr int Requests = 2000;
        constexpr double Probability = 0.1;
        // Longer than the longest chain of resends short of a reset (6 losses: 200 ms × 63 =
        // 12.6 s, once in 500 runs of 2,000 requests): a 10 s timeout made that a failed call.
        constexpr int ClientTimeoutMs = 20000;
        static_assert(PacketLossShaper::FirstTimeoutNs / 1'000'000
                          * ((1 << (PacketLossShaper::ResetAfterLosses - 1)) - 1)
                      < ClientTimeoutMs);
        m_engine->setFaults({QStringLiteral("*")},
                            {makeFault(PacketLossFault{Probability}, FaultSide::Server, FaultDirection::Egress)});
        EventCollector collector(*m_engine);
        QList<QByteArray> requests;
        for (int index = 0; index < Requests; ++index) {
            requests.append(
                get(m_upstream->port(), "/ok", "X-Aftershock-Call-Id: loss-" + QByteArray::number(index) + "\r\n"));
        }
        const auto results = HttpTestClient::runAll(m_engine->proxyPort(), requests, 100, ClientTimeoutMs);
        for (qsizetype index = 0; index < results.size(); ++index) {
            const HttpTestClient::Result& result = results.at(index);
            if (result.status != 200) {
                qWarning("call loss-%lld: status %d after %.3f s, complete %d, closed %d, timed out %d", index,
                         result.status, double(result.endNs - result.startNs) / 1e9, result.complete, result.closed,
                         result.timedOut);
            }
        }
        QCOMPARE(countStatus(results, 200), Requests);
        QVERIFY(collector.waitFor(Requests, 10000));
        QSet<QString> lost;
        for (const ProxyEvent& event : collector.events) {
            for (const ProxyEvent::AppliedFault& applied : event.applied) {
                if (applied.type == FaultType::PacketLoss && event.callId.startsWith(QStringLiteral("loss-"))) {
                    QVERIFY(applied.amount > 0);
                    lost.insert(event.callId);
                }
            }
        }
        for (qsizetype index = 0; index < results.size(); ++index) {
            QCOMPARE(results.at(index).body, QByteArray("hello"));
            if (lost.contains(QStringLiteral("loss-%1").arg(index))) {
                QVERIFY(results.at(index).endNs - results.at(index).startNs >= PacketLossShaper::FirstTimeoutNs);
            }
        }
        QVERIFY(insideBinomialInterval(int(lost.size()), Requests, Probability));
    }

    void httpErrorsComeAtTheirProbability()
    {
        constexpr int Requests = 2000;
        constexpr double Probability = 0.2;
        HttpErrorFault error;
        error.statusCode = 503;
        error.probability = Probability;
        m_engine->setFaults({QStringLiteral("*")}, {makeFault(error)});
        const auto results = runRequests(Requests, "/ok", 100, 5000);
        const int errors = countStatus(results, 503);
        const int answered = countStatus(results, 200);
        QCOMPARE(errors + answered, Requests);
        QVERIFY(insideBinomialInterval(errors, Requests, Probability));

        // With a body, the body replaces the upstream's.
        error.probability = 1;
        error.body = QStringLiteral("{\"error\": true}");
        m_engine->setFaults({QStringLiteral("*")}, {makeFault(error)});
        const auto replaced = HttpTestClient::run(m_engine->proxyPort(), get(m_upstream->port(), "/ok"), 5000);
        QCOMPARE(replaced.status, 503);
        QCOMPARE(replaced.body, QByteArray("{\"error\": true}"));
    }

    void periodsSwitchAtTheirWindowEdges()
    {
        // An error fault from 30% to 60% of a 1.2 s run, probed every 10 ms.
        HttpErrorFault error;
        error.probability = 1;
        Fault windowed = makeFault(error);
        windowed.period
            = Period{PeriodBound{PeriodBound::Unit::Percent, 30}, PeriodBound{PeriodBound::Unit::Percent, 30}};
        m_engine->setFaults({QStringLiteral("*")}, {windowed});
        constexpr qint64 RunNs = 1'200'000'000;
        const qint64 runStart = MonotonicClock::nowNs();
        m_engine->setRunWindow(runStart, std::chrono::nanoseconds(RunNs));

        const auto probes = HttpTestClient::runPaced(
            m_engine->proxyPort(), QList<QByteArray>(int(RunNs / 10'000'000), get(m_upstream->port(), "/ok")), 10,
            3000);
        // The edges as the client saw them: between the last probe before a switch and the first after.
        double lastOffBefore = 0;
        double firstOn = 1e9;
        double lastOn = 0;
        double firstOffAfter = 1e9;
        for (const auto& probe : probes) {
            const double atMs = double(probe.startNs - runStart) / 1e6;
            const bool on = probe.status == 500;
            QVERIFY(on || probe.status == 200);
            if (on) {
                firstOn = std::min(firstOn, atMs);
                lastOn = std::max(lastOn, atMs);
            }
        }
        for (const auto& probe : probes) {
            const double atMs = double(probe.startNs - runStart) / 1e6;
            if (probe.status == 200 && atMs < firstOn) {
                lastOffBefore = std::max(lastOffBefore, atMs);
            }
            if (probe.status == 200 && atMs > lastOn) {
                firstOffAfter = std::min(firstOffAfter, atMs);
            }
        }
        qInfo("on from %.1f..%.1f ms to %.1f..%.1f ms (window 360..720 ms)", lastOffBefore, firstOn, lastOn,
              firstOffAfter);
        QVERIFY(std::abs((lastOffBefore + firstOn) / 2 - 360) <= 50);
        QVERIFY(std::abs((lastOn + firstOffAfter) / 2 - 720) <= 50);
        QVERIFY(firstOn - lastOffBefore <= 50 && firstOffAfter - lastOn <= 50);
    }

    void blackholeNeverAnswersNorCloses()
    {
        constexpr int ClientTimeoutMs = 600;
        // The response half: the upstream answers, the client hears nothing.
        m_engine->setFaults({QStringLiteral("*")},
                            {makeFault(BlackholeFault{}, FaultSide::Client, FaultDirection::Egress)});
        auto result = HttpTestClient::run(m_engine->proxyPort(), get(m_upstream->port(), "/ok"), ClientTimeoutMs);
        QVERIFY(result.timedOut);
        QVERIFY(!result.closed);
        QCOMPARE(result.responseBytes, 0);
        // The request half: the upstream never sees the request, and no 504 comes either,
        // although the proxy's response timeout is shorter than the client's.
        const int served = m_upstream->requestCount();
        m_engine->setFaults({QStringLiteral("*")},
                            {makeFault(BlackholeFault{}, FaultSide::Server, FaultDirection::Egress)});
        result = HttpTestClient::run(m_engine->proxyPort(), get(m_upstream->port(), "/ok"), ClientTimeoutMs);
        QVERIFY(result.timedOut);
        QVERIFY(!result.closed);
        QCOMPARE(result.responseBytes, 0);
        QCOMPARE(m_upstream->requestCount(), served);
    }
};

QTEST_GUILESS_MAIN(TestProxyEngineAccuracy)
#include "TestProxyEngineAccuracy.moc"
