#include "HttpTestClient.h"
#include "LocalHttpServer.h"
#include "ProxyTestSupport.h"
#include "proxy/MonotonicClock.h"
#include "support/LoopbackPort.h"

#include <QTest>

using namespace ProxyTestSupport;

// Bad and hostile input: each gets its answer, nothing crashes, leaks or stalls other clients.
class TestProxyEngineHostile : public QObject
{
    Q_OBJECT

private:
    static constexpr int HeaderTimeoutMs = 400;
    static constexpr int ResponseTimeoutMs = 300;
    LocalHttpServer m_upstream;
    ProxyEngineImpl m_engine;
    EventCollector m_events{m_engine};

    static qint64 elapsedMs(const HttpTestClient::Result& result)
    {
        return (MonotonicClock::nowNs() - result.startNs) / 1'000'000;
    }

    // While something hostile goes on, an ordinary request must still be answered at once.
    void expectOthersServed()
    {
        const auto result = HttpTestClient::run(m_engine.proxyPort(), get(m_upstream.port(), "/ok"), 2000);
        QCOMPARE(result.status, 200);
        QVERIFY2(result.endNs - result.startNs < 500'000'000, "an ordinary request was held up");
    }

    // The upstream holds every request for a second, so all of them are open at once.
    void holdConnections(int connections)
    {
        // This engine waits longer for responses than the shared one.
        ProxyEngineImpl engine;
        QVERIFY(engine.start(config(), nullptr));
        int peak = 0;
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] { peak = std::max(peak, engine.openConnectionCount()); });
        sampler.start(20);
        const auto results = HttpTestClient::runAll(
            engine.proxyPort(), QList<QByteArray>(connections, get(m_upstream.port(), "/slow/1000")), connections,
            20000);
        sampler.stop();
        const auto answered
            = std::count_if(results.begin(), results.end(), [](const auto& result) { return result.status == 200; });
        qInfo("%d of %d answered; at most %d open at once", int(answered), connections, peak);
        QCOMPARE(int(answered), connections);
        QVERIFY(peak >= connections * 9 / 10);
    }

private slots:
    void initTestCase()
    {
        ProxyConfig proxyConfig = config();
        proxyConfig.headerTimeoutMs = HeaderTimeoutMs;
        proxyConfig.responseTimeoutMs = ResponseTimeoutMs;
        QString error;
        QVERIFY2(m_engine.start(proxyConfig, &error), qPrintable(error));
    }

    void cleanup()
    {
        // Nothing left behind by any test.
        QVERIFY(QTest::qWaitFor([&] { return m_engine.openConnectionCount() == 0; }, 5000));
    }

    void answersMalformedRequestsWith400()
    {
        for (const QByteArray& request :
             {QByteArray("GARBAGE\r\n\r\n"), QByteArray("GET / HTTP/1.1\r\nNo colon\r\n\r\n"),
              QByteArray("GET /relative HTTP/1.1\r\nHost: x\r\n\r\n"),
              QByteArray("CONNECT nowhere HTTP/1.1\r\n\r\n")}) {
            const auto result = HttpTestClient::run(m_engine.proxyPort(), request, 2000);
            QCOMPARE(result.status, 400);
            QVERIFY(result.body.startsWith("aftershock: "));
            QVERIFY(result.closed || result.complete);
        }
    }

    void answersOversizedHeadsWith431()
    {
        const QByteArray request = get(m_upstream.port(), "/ok", "X-Padding: " + QByteArray(70 * 1024, 'p') + "\r\n");
        const auto result = HttpTestClient::run(m_engine.proxyPort(), request, 2000);
        QCOMPARE(result.status, 431);
    }

    void namesTheUpstreamThatRefuses()
    {
        const quint16 closedPort = unusedLoopbackPort();
        QVERIFY(closedPort != 0);
        const auto result = HttpTestClient::run(m_engine.proxyPort(), get(closedPort, "/ok"), 2000);
        QCOMPARE(result.status, 502);
        QVERIFY2(result.body.contains("127.0.0.1:" + QByteArray::number(closedPort)), result.body.constData());
        QVERIFY2(result.body.toLower().contains("refused"), result.body.constData());
        const QString upstream = QStringLiteral("127.0.0.1:%1").arg(closedPort);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::any_of(m_events.events.begin(), m_events.events.end(), [&](const ProxyEvent& event) {
                    return event.upstream == upstream && event.status == 502 && event.error.contains(upstream);
                });
            },
            2000));
    }

    void answersASlowUpstreamWith504AfterTheTimeout()
    {
        HttpTestClient client(m_engine.proxyPort(), {{get(m_upstream.port(), "/slow/3000")}}, 3000);
        client.start();
        QVERIFY(QTest::qWaitFor([&] { return client.result().complete; }, 2500));
        const qint64 tookMs = (client.result().endNs - client.result().startNs) / 1'000'000;
        QCOMPARE(client.result().status, 504);
        QVERIFY2(tookMs >= ResponseTimeoutMs && tookMs < ResponseTimeoutMs + 700, qPrintable(QString::number(tookMs)));
    }

    void cutsOffSlowloris()
    {
        // One byte of the head every 100 ms: the connection ends at the header timeout.
        QTcpSocket slowloris;
        slowloris.connectToHost(QHostAddress::LocalHost, m_engine.proxyPort());
        QVERIFY(slowloris.waitForConnected(2000));
        const QByteArray head = get(m_upstream.port(), "/ok");
        const qint64 startNs = MonotonicClock::nowNs();
        QTimer dripper;
        qsizetype sent = 0;
        connect(&dripper, &QTimer::timeout, this, [&] {
            if (slowloris.state() == QAbstractSocket::ConnectedState && sent < head.size()) {
                slowloris.write(head.mid(sent++, 1));
            }
        });
        dripper.start(100);
        expectOthersServed();
        QVERIFY(QTest::qWaitFor([&] { return slowloris.state() != QAbstractSocket::ConnectedState; }, 3000));
        const qint64 tookMs = (MonotonicClock::nowNs() - startNs) / 1'000'000;
        dripper.stop();
        QVERIFY2(tookMs >= HeaderTimeoutMs - 50 && tookMs < HeaderTimeoutMs + 1000,
                 qPrintable(QString::number(tookMs)));
        QVERIFY(slowloris.readAll().startsWith("HTTP/1.1 408 "));
    }

    void holdsAThousandConnections()
    {
        constexpr int Connections = 1000;
        // Each connection costs four descriptors in this process: client, proxy's two, upstream.
        if (!raiseOpenFileLimit(4 * Connections + 256)) {
            QSKIP("the hard limit on open files is too low for this test");
        }
        const int upstreamConnections = m_upstream.openConnections();
        holdConnections(Connections);
        // The next test counts the upstream's connections, so let these finish closing first.
        QVERIFY(QTest::qWaitFor([&] { return m_upstream.openConnections() <= upstreamConnections; }, 10000));
    }

    void forgetsAClientThatLeavesMidBody()
    {
        const int upstreamConnections = m_upstream.openConnections();
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_engine.proxyPort());
        QVERIFY(client.waitForConnected(2000));
        client.write("POST http://127.0.0.1:" + QByteArray::number(m_upstream.port())
                     + "/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + QByteArray(10000, 'b'));
        QVERIFY(client.waitForBytesWritten(2000));
        QVERIFY(QTest::qWaitFor([&] { return m_upstream.openConnections() > upstreamConnections; }, 2000));
        client.abort();
        QVERIFY(QTest::qWaitFor([&] { return m_engine.openConnectionCount() == 0; }, 3000));
        QVERIFY(QTest::qWaitFor([&] { return m_upstream.openConnections() == upstreamConnections; }, 3000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::any_of(m_events.events.begin(), m_events.events.end(), [](const ProxyEvent& event) {
                    return event.method == QLatin1String("POST")
                        && event.error == QLatin1String("the client closed the connection");
                });
            },
            2000));
        expectOthersServed();
    }
};

QTEST_GUILESS_MAIN(TestProxyEngineHostile)
#include "TestProxyEngineHostile.moc"
