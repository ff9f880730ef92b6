#include "HttpTestClient.h"
#include "LocalHttpServer.h"
#include "ProxyTestSupport.h"
#include "proxy/MonotonicClock.h"
#include "proxy/ProxyEngineImpl.h"

#include <QMap>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace ProxyTestSupport;

// What the proxy does with traffic: every mode, keep-alive, events, live changes, start and stop.
class TestProxyEngineImpl : public QObject
{
    Q_OBJECT

private:
    LocalHttpServer m_upstream;

    QByteArray get(const QByteArray& path, const QByteArray& extraHeaders = {}) const
    {
        return ProxyTestSupport::get(m_upstream.port(), path, extraHeaders);
    }

    // Sends raw bytes on one connection and reads until `responses` complete responses arrived.
    static QList<QByteArray> exchangeOnOneConnection(quint16 port, const QList<QByteArray>& requests, bool pipelined)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000)) {
            return {};
        }
        QList<QByteArray> bodies;
        HttpMessageParser parser(HttpMessageParser::Kind::Response);
        QByteArray body;
        parser.onBody = [&](const char* data, qsizetype size) {
            body.append(data, size);
        };
        parser.onMessageComplete = [&] {
            bodies.append(std::exchange(body, {}));
        };
        qsizetype sent = 0;
        const auto sendNext = [&] {
            while (sent < requests.size() && (pipelined || sent == bodies.size())) {
                socket.write(requests.at(sent++));
            }
        };
        sendNext();
        QByteArray pending;
        // The caller checks what arrived; the wait only bounds how long it may take.
        static_cast<void>(QTest::qWaitFor(
            [&] {
                pending += socket.readAll();
                while (!pending.isEmpty()) {
                    const qsizetype consumed = parser.feed(pending.constData(), pending.size());
                    pending.remove(0, consumed);
                    if (!parser.isPaused()) {
                        break;
                    }
                    parser.resume();
                    sendNext();
                }
                return bodies.size() == requests.size() || socket.state() != QAbstractSocket::ConnectedState;
            },
            5000));
        return bodies;
    }

private slots:
    void forwardsAbsoluteFormRequests()
    {
        ProxyEngineImpl engine;
        EventCollector collector(engine);
        QString error;
        QVERIFY2(engine.start(config(), &error), qPrintable(error));
        QVERIFY(engine.isRunning());
        QVERIFY(engine.proxyPort() != 0);

        const auto result = HttpTestClient::run(engine.proxyPort(),
                                                get("/headers",
                                                    "X-Aftershock-Call-Id: call-42\r\n"
                                                    "Proxy-Connection: keep-alive\r\n"),
                                                5000);
        QCOMPARE(result.status, 200);
        // The upstream saw an origin-form request without the call id or hop-by-hop headers.
        QVERIFY2(result.body.startsWith("GET /headers HTTP/1.1\r\n"), result.body.constData());
        QVERIFY(!result.body.toLower().contains("x-aftershock-call-id"));
        QVERIFY(!result.body.toLower().contains("proxy-connection"));
        QVERIFY(result.body.contains("Host: 127.0.0.1:" + QByteArray::number(m_upstream.port())));

        QVERIFY(collector.waitFor(1));
        const ProxyEvent& event = collector.events.constFirst();
        QCOMPARE(event.kind, ProxyEvent::Kind::HttpRequest);
        QCOMPARE(event.callId, QStringLiteral("call-42"));
        QCOMPARE(event.method, QStringLiteral("GET"));
        QCOMPARE(event.status, 200);
        QCOMPARE(event.upstream, QStringLiteral("127.0.0.1:%1").arg(m_upstream.port()));
        QVERIFY(event.clientPort != 0);
        QVERIFY(event.startNs > 0 && event.startNs <= event.firstByteNs && event.firstByteNs <= event.endNs);
        QVERIFY(event.bytesFromClient > 0 && event.bytesToClient > result.body.size());
        QVERIFY(event.error.isEmpty());
        QVERIFY(event.applied.isEmpty());
    }

    void keepsConnectionsAliveAndOrdersPipelinedRequests()
    {
        ProxyEngineImpl engine;
        QVERIFY(engine.start(config(), nullptr));
        const QList<QByteArray> requests{get("/bytes/3"), get("/ok"), get("/bytes/70000"), get("/ok")};
        for (const bool pipelined : {false, true}) {
            const QList<QByteArray> bodies = exchangeOnOneConnection(engine.proxyPort(), requests, pipelined);
            QCOMPARE(bodies.size(), 4);
            QCOMPARE(bodies.at(0), QByteArray("xxx"));
            QCOMPARE(bodies.at(1), QByteArray("hello"));
            QCOMPARE(bodies.at(2).size(), 70000);
            QCOMPARE(bodies.at(3), QByteArray("hello"));
        }
    }

    void relaysChunkedAndLargeBodies()
    {
        ProxyEngineImpl engine;
        QVERIFY(engine.start(config(), nullptr));
        const QByteArray chunked = "POST http://127.0.0.1:" + QByteArray::number(m_upstream.port())
            + "/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        auto result = HttpTestClient::run(engine.proxyPort(), chunked, 5000);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, QByteArray("hello world"));

        result = HttpTestClient::run(engine.proxyPort(), get("/bytes/3000000"), 10000);
        QVERIFY(result.complete);
        QVERIFY(result.responseBytes > 3000000);
    }

    void tunnelsConnect()
    {
        ProxyEngineImpl engine;
        EventCollector collector(engine);
        QVERIFY(engine.start(config(), nullptr));
        const QByteArray connect
            = "CONNECT 127.0.0.1:" + QByteArray::number(m_upstream.port()) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        // The tunnel carries any bytes: here, a plain request the upstream answers.
        const auto result = HttpTestClient::run(
            engine.proxyPort(), connect + "GET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 5000);
        QCOMPARE(result.status, 200); // the tunnel's "Connection Established"
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, engine.proxyPort());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(connect);
        QByteArray received;
        QVERIFY(QTest::qWaitFor(
            [&] {
                received += socket.readAll();
                return received.contains("\r\n\r\n");
            },
            5000));
        QVERIFY(received.startsWith("HTTP/1.1 200 Connection Established\r\n\r\n"));
        received.clear();
        socket.write("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
        QVERIFY(QTest::qWaitFor(
            [&] {
                received += socket.readAll();
                return received.endsWith("hello");
            },
            5000));
        socket.disconnectFromHost();
        QVERIFY(collector.waitFor(2));
        const ProxyEvent& event = collector.events.constLast();
        QCOMPARE(event.kind, ProxyEvent::Kind::Tunnel);
        QCOMPARE(event.method, QStringLiteral("CONNECT"));
        QCOMPARE(event.url, QStringLiteral("127.0.0.1:%1").arg(m_upstream.port()));
        QVERIFY(event.bytesToClient > 5);
    }

    void servesReverseAndTcpMappings()
    {
        ProxyEngineImpl engine;
        ProxyConfig proxyConfig = config();
        for (const auto protocol : {ProxyMapping::Protocol::Http, ProxyMapping::Protocol::Tcp}) {
            ProxyMapping mapping;
            mapping.protocol = protocol;
            mapping.remoteHost = QStringLiteral("127.0.0.1");
            mapping.remotePort = m_upstream.port();
            proxyConfig.mappings.append(mapping);
        }
        QVERIFY(engine.start(proxyConfig, nullptr));
        QCOMPARE(engine.mappingPorts().size(), 2);
        for (const quint16 port : engine.mappingPorts()) {
            const auto result = HttpTestClient::run(port, "GET /ok HTTP/1.1\r\nHost: here\r\n\r\n", 5000);
            QCOMPARE(result.status, 200);
            QCOMPARE(result.body, QByteArray("hello"));
        }
        // The reverse proxy names the upstream in Host, so virtual hosts work.
        const auto headers = HttpTestClient::run(engine.mappingPorts().constFirst(),
                                                 "GET /headers HTTP/1.1\r\nHost: here\r\n\r\n", 5000);
        QVERIFY(headers.body.contains("Host: 127.0.0.1:" + QByteArray::number(m_upstream.port())));
    }

    void deliversEventsInBatches()
    {
        ProxyEngineImpl engine;
        EventCollector collector(engine);
        QVERIFY(engine.start(config(), nullptr));
        QList<QByteArray> requests;
        for (int index = 0; index < 40; ++index) {
            requests.append(get("/ok", "X-Aftershock-Call-Id: " + QByteArray::number(index) + "\r\n"));
        }
        const auto results = HttpTestClient::runAll(engine.proxyPort(), requests, 10, 5000);
        QVERIFY(std::all_of(results.begin(), results.end(), [](const auto& result) { return result.status == 200; }));
        QVERIFY(collector.waitFor(40));
        QVERIFY2(collector.batches < 40, qPrintable(QString::number(collector.batches)));
        QSet<QString> callIds;
        for (const ProxyEvent& event : collector.events) {
            callIds.insert(event.callId);
            // The clients close the moment they have their response: that is no error.
            QVERIFY2(event.error.isEmpty(), qPrintable(event.error));
        }
        QCOMPARE(callIds.size(), 40);
    }

    void drawsTheSameFaultsForTheSameSeedAndCallIds()
    {
        // Concurrent connections, so that calls land on different worker threads in a different
        // order from run to run, or all calls kept alive on one; a short latency keeps it quick.
        const auto appliedDelays = [this](quint64 seed, bool oneConnection) {
            LatencyFault latency;
            latency.mean = 3;
            latency.stddev = 2;
            ProxyConfig seeded = config({makeFault(latency)});
            seeded.randomSeed = seed;
            ProxyEngineImpl engine;
            EventCollector collector(engine);
            QMap<QString, QList<double>> delays;
            if (!engine.start(seeded, nullptr)) {
                return delays;
            }
            QList<QByteArray> requests;
            for (int index = 0; index < 20; ++index) {
                requests.append(get("/ok", "X-Aftershock-Call-Id: run-1-" + QByteArray::number(index) + "\r\n"));
            }
            if (oneConnection) {
                HttpTestClient::runConnections(engine.proxyPort(), {HttpTestClient::Plan{.requests = requests}}, 0,
                                               5000);
            } else {
                HttpTestClient::runAll(engine.proxyPort(), requests, 5, 5000);
            }
            if (collector.waitFor(requests.size())) {
                for (const ProxyEvent& event : collector.events) {
                    for (const ProxyEvent::AppliedFault& applied : event.applied) {
                        delays[event.callId].append(applied.amount);
                    }
                }
            }
            return delays;
        };
        const QMap<QString, QList<double>> first = appliedDelays(42, false);
        QCOMPARE(first.size(), 20);
        QVERIFY(std::all_of(first.begin(), first.end(), [](const QList<double>& delays) { return !delays.isEmpty(); }));
        QCOMPARE(appliedDelays(42, false), first);
        QCOMPARE(appliedDelays(42, true), first); // a call's draws owe nothing to the calls before it
        QVERIFY(appliedDelays(43, false) != first);
    }

    void changesFaultsLiveWithoutDroppingConnections()
    {
        ProxyEngineImpl engine;
        QVERIFY(engine.start(config(), nullptr));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, engine.proxyPort());
        QVERIFY(socket.waitForConnected(5000));
        const auto timedRequest = [&]() -> qint64 {
            const qint64 start = MonotonicClock::nowNs();
            socket.write(get("/ok"));
            QByteArray received;
            const bool answered = QTest::qWaitFor(
                [&] {
                    received += socket.readAll();
                    return received.endsWith("hello");
                },
                5000);
            return answered ? (MonotonicClock::nowNs() - start) / 1'000'000 : -1;
        };
        // A fault far longer than a loaded machine's hiccups, so that on and off cannot be mixed up.
        constexpr qint64 DelayMs = 400;
        const qint64 before = timedRequest();
        QVERIFY2(before >= 0 && before < DelayMs - 100, qPrintable(QString::number(before)));
        LatencyFault latency;
        latency.mean = DelayMs;
        latency.stddev = 0;
        engine.setFaults({QStringLiteral("*")}, {makeFault(latency)});
        const qint64 during = timedRequest();
        QVERIFY2(during >= DelayMs - 1, qPrintable(QString::number(during)));
        engine.setFaults({QStringLiteral("other.example:80")}, {makeFault(latency)});
        const qint64 elsewhere = timedRequest();
        QVERIFY2(elsewhere >= 0 && elsewhere < DelayMs - 100, qPrintable(QString::number(elsewhere)));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void reportsEveryFaultKindItApplies()
    {
        // Each fault kind end to end, with what it did in the event; no timing is judged here
        // (TestProxyEngineAccuracy does that), so it runs under the sanitizers too.
        LatencyFault latency;
        latency.mean = 5;
        latency.global = false;
        BandwidthFault bandwidth;
        bandwidth.rate = 1;
        bandwidth.unit = BandwidthUnit::MBps;
        HttpErrorFault error;
        error.statusCode = 418;
        error.probability = 1;
        error.body = QStringLiteral("teapot");
        const QList<Fault> faults{makeFault(latency, FaultSide::Client, FaultDirection::Both),
                                  makeFault(JitterFault{3, 100}, FaultSide::Server, FaultDirection::Egress),
                                  makeFault(bandwidth),
                                  makeFault(PacketLossFault{0.0}),
                                  makeFault(LatencyFault{LatencyDistribution::Pareto, 5, 1, {}, {}, 2, {}, true}),
                                  makeFault(error)};
        ProxyEngineImpl engine;
        EventCollector collector(engine);
        QVERIFY(engine.start(config(faults), nullptr));
        const auto result = HttpTestClient::run(engine.proxyPort(), get("/bytes/100000"), 10000);
        QCOMPARE(result.status, 418);
        QCOMPARE(result.body, QByteArray("teapot"));
        QVERIFY(collector.waitFor(1));
        QSet<FaultType> fired;
        for (const auto& applied : collector.events.constFirst().applied) {
            fired.insert(applied.type);
            QVERIFY(applied.amount > 0);
        }
        QCOMPARE(fired,
                 (QSet<FaultType>{FaultType::Latency, FaultType::Jitter, FaultType::Bandwidth, FaultType::HttpError}));

        // A tunnel gets the byte-stream faults, and a black-hole swallows what it carries.
        engine.setFaults({QStringLiteral("*")},
                         {makeFault(latency, FaultSide::Server, FaultDirection::Both), makeFault(BlackholeFault{})});
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, engine.proxyPort());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("CONNECT 127.0.0.1:" + QByteArray::number(m_upstream.port()) + " HTTP/1.1\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() > 0; }, 5000));
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 200 "));
        socket.write("GET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        // The upstream answers and closes; the black-hole keeps both from the client.
        QTest::qWait(300);
        QCOMPARE(socket.bytesAvailable(), 0);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        socket.disconnectFromHost();
        QVERIFY(collector.waitFor(2));
        const ProxyEvent& tunnel = collector.events.constLast();
        QCOMPARE(tunnel.kind, ProxyEvent::Kind::Tunnel);
        QCOMPARE(tunnel.bytesToClient, 39); // only "200 Connection Established"
        QSet<FaultType> tunnelFired;
        for (const auto& applied : tunnel.applied) {
            tunnelFired.insert(applied.type);
        }
        QCOMPARE(tunnelFired, (QSet<FaultType>{FaultType::Latency, FaultType::Blackhole}));
    }

    void listensBeyondLoopbackOnlyWhenAllowed()
    {
        ProxyEngineImpl engine;
        QSignalSpy warnings(&engine, &ProxyEngine::warning);
        ProxyConfig proxyConfig = config();
        proxyConfig.listenAddress = QHostAddress(QHostAddress::AnyIPv4);
        QString error;
        QVERIFY(!engine.start(proxyConfig, &error));
        QVERIFY2(error.contains(QLatin1String("0.0.0.0")), qPrintable(error));
        QVERIFY(!engine.isRunning());
        QCOMPARE(warnings.size(), 0);
        proxyConfig.allowNonLoopback = true;
        QVERIFY2(engine.start(proxyConfig, &error), qPrintable(error));
        QCOMPARE(warnings.size(), 1);
        engine.stop();
    }

    void reportsAPortInUse()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost));
        ProxyEngineImpl engine;
        ProxyConfig proxyConfig = config();
        proxyConfig.listenPort = occupant.serverPort();
        QString error;
        QVERIFY(!engine.start(proxyConfig, &error));
        QVERIFY2(error.contains(QString::number(occupant.serverPort())), qPrintable(error));
        QVERIFY(!engine.isRunning());
    }

    void stopsCleanlyAndCanStartAgain()
    {
        ProxyEngineImpl engine;
        quint16 port = 0;
        for (int round = 0; round < 3; ++round) {
            ProxyConfig proxyConfig = config();
            proxyConfig.listenPort = port;
            QString error;
            QVERIFY2(engine.start(proxyConfig, &error), qPrintable(error));
            port = engine.proxyPort();
            // A connection left open and one mid-request: stop must close both.
            QTcpSocket idle;
            idle.connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(idle.waitForConnected(5000));
            HttpTestClient slow(port, {{get("/slow/2000")}}, 5000);
            slow.start();
            QVERIFY(QTest::qWaitFor([&] { return engine.openConnectionCount() == 2; }, 5000));
            engine.stop();
            QVERIFY(!engine.isRunning());
            QCOMPARE(engine.openConnectionCount(), 0);
            QCOMPARE(engine.proxyPort(), quint16(0));
        }
        QTcpServer again;
        QVERIFY(again.listen(QHostAddress::LocalHost, port));
    }
};

QTEST_GUILESS_MAIN(TestProxyEngineImpl)
#include "TestProxyEngineImpl.moc"
