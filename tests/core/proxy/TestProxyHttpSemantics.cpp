#include "HttpTestClient.h"
#include "LocalHttpServer.h"
#include "ProxyTestSupport.h"
#include "RawHttpConnection.h"
#include "ScriptedUpstream.h"
#include "proxy/MonotonicClock.h"

#include <QTest>

using namespace ProxyTestSupport;

// HTTP/1.1's edge cases through the proxy (RFC 9110, RFC 9112), each against a real upstream:
// early answers, connections the upstream closes, messages without a body, interim responses,
// the forward proxy's rewriting of heads, trailers, HTTP/1.0 clients, and the timeouts.
class TestProxyHttpSemantics : public QObject
{
    Q_OBJECT

private:
    static constexpr int ShortTimeoutMs = 300;

    static ProxyConfig proxyConfig()
    {
        ProxyConfig proxyConfig = config();
        // Short, so that a request the proxy sends nowhere fails the test quickly.
        proxyConfig.responseTimeoutMs = 2000;
        return proxyConfig;
    }

    static QByteArray url(quint16 port, const QByteArray& path)
    {
        return "http://127.0.0.1:" + QByteArray::number(port) + path;
    }

    static QByteArray response(int status, const QByteArray& body, const QByteArray& extraHeaders = {})
    {
        return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
            + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
    }

    // A partial body, then silence.
    static QByteArray stalledResponse()
    {
        return "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + QByteArray(10, 's');
    }

    static bool hasEvent(const EventCollector& events, const std::function<bool(const ProxyEvent&)>& matches)
    {
        return std::any_of(events.events.begin(), events.events.end(), matches);
    }

private slots:
    void discardsTheRestOfABodyAnsweredEarly_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("expectContinue");
        QTest::newRow("401") << 401 << false;
        QTest::newRow("413") << 413 << false;
        QTest::newRow("417 to Expect: 100-continue") << 417 << true;
    }

    void discardsTheRestOfABodyAnsweredEarly()
    {
        QFETCH(int, status);
        QFETCH(bool, expectContinue);
        ScriptedUpstream upstream;
        upstream.onHead([&](ScriptedUpstream::Connection& connection, const HttpMessageHead& head) {
            if (head.target == "/upload") {
                connection.socket->write(response(status, {}));
            }
        });
        upstream.onRequest(
            [](ScriptedUpstream::Connection& connection, const HttpMessageHead& head, const QByteArray&) {
                if (head.target == "/next") {
                    connection.socket->write(response(200, "next"));
                }
            });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());

        // The rest of the body looks like a request, as a smuggling attempt would.
        const QByteArray first = expectContinue ? QByteArray() : QByteArray(1000, 'b');
        const QByteArray rest = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        client.send("POST " + url(upstream.port(), "/upload")
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(first.size() + rest.size())
                    + "\r\n" + (expectContinue ? "Expect: 100-continue\r\n" : "") + "\r\n" + first);
        QVERIFY(client.waitForResponses(1));
        QCOMPARE(client.responses().at(0).head.statusCode, status);

        client.send(rest + get(upstream.port(), "/next"));
        QVERIFY(client.waitForResponses(2));
        QCOMPARE(client.responses().at(1).head.statusCode, 200);
        QCOMPARE(client.responses().at(1).body, QByteArray("next"));
        QVERIFY2(!upstream.allReceived().contains("/smuggled"), upstream.allReceived().constData());
        QVERIFY(!client.isClosed());
    }

    void doesNotReuseALinkTheUpstreamCloses_data()
    {
        QTest::addColumn<QByteArray>("firstResponse");
        QTest::newRow("Connection: close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\n"
                                                         "Content-Length: 5\r\n\r\nfirst");
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
    }

    void doesNotReuseALinkTheUpstreamCloses()
    {
        QFETCH(QByteArray, firstResponse);
        // A server slow to close: it answers the first request and never reads another.
        ScriptedUpstream upstream;
        upstream.onRequest(
            [&](ScriptedUpstream::Connection& connection, const HttpMessageHead& head, const QByteArray&) {
                if (connection.requests == 1) {
                    connection.socket->write(head.target == "/a" ? firstResponse : response(200, "second"));
                }
            });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send(get(upstream.port(), "/a"));
        QVERIFY(client.waitForResponses(1));
        client.send(get(upstream.port(), "/b"));
        QVERIFY(client.waitForResponses(2, 4000));
        QCOMPARE(client.responses().at(0).body, QByteArray("first"));
        QCOMPARE(client.responses().at(1).head.statusCode, 200);
        QCOMPARE(client.responses().at(1).body, QByteArray("second"));
        QCOMPARE(upstream.connectionCount(), 2);
    }

    void retriesAnIdempotentRequestOnAFreshLink_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("closed as the request came") << QStringLiteral("close");
        QTest::newRow("reset as the request came") << QStringLiteral("reset");
        QTest::newRow("closed while idle") << QStringLiteral("idle");
    }

    void retriesAnIdempotentRequestOnAFreshLink()
    {
        QFETCH(QString, how);
        ScriptedUpstream upstream;
        upstream.onRequest(
            [&](ScriptedUpstream::Connection& connection, const HttpMessageHead& head, const QByteArray&) {
                if (head.target == "/a") {
                    connection.socket->write(response(200, "first"));
                    if (how == QLatin1String("idle")) {
                        connection.socket->disconnectFromHost();
                    }
                } else if (connection.requests == 1) {
                    connection.socket->write(response(200, "again"));
                } else if (how == QLatin1String("reset")) {
                    resetConnection(connection.socket);
                } else {
                    connection.socket->disconnectFromHost();
                }
            });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send(get(upstream.port(), "/a"));
        QVERIFY(client.waitForResponses(1));
        if (how == QLatin1String("idle")) {
            QVERIFY(QTest::qWaitFor([&] { return upstream.connection(0).closed; }, 2000));
        }
        client.send(get(upstream.port(), "/b"));
        QVERIFY(client.waitForResponses(2));
        QCOMPARE(client.responses().at(1).head.statusCode, 200);
        QCOMPARE(client.responses().at(1).body, QByteArray("again"));
        QCOMPARE(upstream.connectionCount(), 2);
    }

    void doesNotRetryAPost()
    {
        ScriptedUpstream upstream;
        upstream.onRequest(
            [&](ScriptedUpstream::Connection& connection, const HttpMessageHead& head, const QByteArray&) {
                if (head.target == "/a" || connection.requests == 1) {
                    connection.socket->write(response(200, "first"));
                } else {
                    connection.socket->disconnectFromHost();
                }
            });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send(get(upstream.port(), "/a"));
        QVERIFY(client.waitForResponses(1));
        client.send("POST " + url(upstream.port(), "/b") + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
        QVERIFY(client.waitForResponses(2));
        // The server may have acted on it: the client decides whether to send it again.
        QCOMPARE(client.responses().at(1).head.statusCode, 502);
        QCOMPARE(upstream.connectionCount(), 1);
    }

    void sendsNoBodyWhereThereIsNone_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("head");
        QTest::newRow("HEAD, Content-Length")
            << QByteArray("HEAD") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        QTest::newRow("HEAD, chunked") << QByteArray("HEAD")
                                       << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        QTest::newRow("204") << QByteArray("GET") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n");
        QTest::newRow("204, Content-Length")
            << QByteArray("GET") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
        QTest::newRow("304, Content-Length")
            << QByteArray("GET") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\n\r\n");
        QTest::newRow("304, chunked") << QByteArray("GET")
                                      << QByteArray("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    void sendsNoBodyWhereThereIsNone()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, head);
        ScriptedUpstream upstream;
        upstream.onRequest(
            [&](ScriptedUpstream::Connection& connection, const HttpMessageHead& request, const QByteArray&) {
                connection.socket->write(request.target == "/first" ? head : response(200, "next"));
            });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        if (method == "HEAD") {
            client.expectNoBody();
        }
        client.send(method + ' ' + url(upstream.port(), "/first") + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(client.waitForResponses(1));
        client.send(get(upstream.port(), "/next"));
        QVERIFY(client.waitForResponses(2));
        // Not a byte between the first head and the second response.
        const QByteArray& received = client.received();
        const qsizetype firstHeadEnd = received.indexOf("\r\n\r\n") + 4;
        QVERIFY2(received.mid(firstHeadEnd).startsWith("HTTP/1.1 200 OK\r\n"), received.constData());
        QVERIFY(received.endsWith("\r\n\r\nnext"));
        QCOMPARE(upstream.connectionCount(), 1);
    }

    void relaysExpect100Continue()
    {
        ScriptedUpstream upstream;
        upstream.onHead([](ScriptedUpstream::Connection& connection, const HttpMessageHead& head) {
            if (head.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0) {
                connection.socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
        });
        upstream.onRequest([](ScriptedUpstream::Connection& connection, const HttpMessageHead&,
                              const QByteArray& body) { connection.socket->write(response(200, body)); });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send("PUT " + url(upstream.port(), "/put")
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        QVERIFY(client.waitForResponses(1));
        QCOMPARE(client.responses().at(0).head.statusCode, 100);
        client.send("hello");
        QVERIFY(client.waitForResponses(2));
        QCOMPARE(client.responses().at(1).head.statusCode, 200);
        QCOMPARE(client.responses().at(1).body, QByteArray("hello"));
    }

    void passesInterimResponsesThrough()
    {
        ScriptedUpstream upstream;
        upstream.onRequest([](ScriptedUpstream::Connection& connection, const HttpMessageHead&, const QByteArray&) {
            connection.socket->write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                                     "HTTP/1.1 102 Processing\r\n\r\n"
                                     + response(200, "ok"));
        });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send(get(upstream.port(), "/hints"));
        QVERIFY(client.waitForResponses(3));
        QCOMPARE(client.responses().at(0).head.statusCode, 103);
        QCOMPARE(client.responses().at(0).head.header("Link"), QByteArray("</style.css>; rel=preload"));
        QCOMPARE(client.responses().at(1).head.statusCode, 102);
        QCOMPARE(client.responses().at(2).head.statusCode, 200);
        QCOMPARE(client.responses().at(2).body, QByteArray("ok"));

        // RFC 9110 §15.2: an HTTP/1.0 client gets no interim response.
        RawHttpConnection oldClient(engine.proxyPort());
        QVERIFY(oldClient.waitForConnected());
        oldClient.send("GET " + url(upstream.port(), "/hints") + " HTTP/1.0\r\n\r\n");
        QVERIFY(oldClient.waitForResponses(1));
        QVERIFY2(oldClient.received().startsWith("HTTP/1.1 200 OK\r\n"), oldClient.received().constData());
    }

    void deliversABodyThatEndsAtTheClose_data()
    {
        QTest::addColumn<QByteArray>("statusLine");
        QTest::newRow("HTTP/1.1") << QByteArray("HTTP/1.1 200 OK");
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK");
    }

    void deliversABodyThatEndsAtTheClose()
    {
        QFETCH(QByteArray, statusLine);
        QByteArray body;
        for (int index = 0; body.size() < 3 * 1024 * 1024; ++index) {
            body += QByteArray::number(index) + ',';
        }
        ScriptedUpstream upstream;
        upstream.onRequest([&](ScriptedUpstream::Connection& connection, const HttpMessageHead&, const QByteArray&) {
            connection.socket->write(statusLine + "\r\nContent-Type: text/plain\r\n\r\n" + body);
            connection.socket->disconnectFromHost();
        });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send(get(upstream.port(), "/to-the-end"));
        QVERIFY(client.waitForClosed(10000));
        QCOMPARE(client.responses().size(), 1);
        QCOMPARE(client.responses().at(0).head.header("Connection"), QByteArray("close"));
        QCOMPARE(client.responses().at(0).body.size(), body.size());
        QVERIFY(client.responses().at(0).body == body);
    }

    void replacesTheHostHeaderWithTheUrlsAuthority()
    {
        LocalHttpServer upstream;
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        const QByteArray request
            = "GET " + url(upstream.port(), "/headers") + " HTTP/1.1\r\nHost: elsewhere.example\r\nX-Kept: 1\r\n\r\n";
        const auto result = HttpTestClient::run(engine.proxyPort(), request, 5000);
        QCOMPARE(result.status, 200);
        QVERIFY2(result.body.contains("\r\nHost: 127.0.0.1:" + QByteArray::number(upstream.port()) + "\r\n"),
                 result.body.constData());
        QVERIFY2(!result.body.contains("elsewhere"), result.body.constData());
        QVERIFY(result.body.contains("\r\nX-Kept: 1\r\n"));
    }

    void keepsTheBracketsOfAnIpv6Host()
    {
        ScriptedUpstream upstream(QHostAddress(QHostAddress::LocalHostIPv6));
        if (!upstream.isListening()) {
            QSKIP("::1 cannot be bound on this machine");
        }
        upstream.onRequest([](ScriptedUpstream::Connection& connection, const HttpMessageHead& head,
                              const QByteArray&) { connection.socket->write(response(200, head.header("Host"))); });
        ProxyEngineImpl engine;
        EventCollector events(engine);
        QVERIFY(engine.start(proxyConfig(), nullptr));
        const QByteArray authority = "[::1]:" + QByteArray::number(upstream.port());
        const auto result = HttpTestClient::run(
            engine.proxyPort(), "GET http://" + authority + "/ipv6 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 5000);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, authority);
        QVERIFY(events.waitFor(1));
        QCOMPARE(events.events.at(0).upstream, QString::fromLatin1(authority));
        QCOMPARE(events.events.at(0).url, QString::fromLatin1("http://" + authority + "/ipv6"));
    }

    void forwardsNoHopByHopHeader()
    {
        HttpMessageHead forwarded;
        ScriptedUpstream upstream;
        upstream.onRequest(
            [&](ScriptedUpstream::Connection& connection, const HttpMessageHead& head, const QByteArray&) {
                forwarded = head;
                connection.socket->write(response(200, "ok",
                                                  "Connection: X-Response-Hop\r\nX-Response-Hop: 1\r\n"
                                                  "Keep-Alive: timeout=5\r\nProxy-Authenticate: Basic\r\n"
                                                  "Trailer: X-Sum\r\nX-Response-Kept: 1\r\n"));
            });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send("GET " + url(upstream.port(), "/hops")
                    + " HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n"
                      "Keep-Alive: timeout=5\r\nTE: trailers\r\nTrailer: X-Sum\r\nProxy-Authorization: Basic eA==\r\n"
                      "Proxy-Anything: 1\r\nProxy-Connection: keep-alive\r\nUpgrade: websocket\r\nX-Kept: 1\r\n\r\n");
        QVERIFY(client.waitForResponses(1));
        for (const char* name : {"Connection", "X-Hop", "Keep-Alive", "TE", "Trailer", "Proxy-Authorization",
                                 "Proxy-Anything", "Proxy-Connection", "Upgrade"}) {
            QVERIFY2(!forwarded.hasHeader(name), name);
        }
        QVERIFY(forwarded.hasHeader("X-Kept"));
        const HttpMessageHead& answered = client.responses().at(0).head;
        for (const char* name : {"Connection", "X-Response-Hop", "Keep-Alive", "Proxy-Authenticate", "Trailer"}) {
            QVERIFY2(!answered.hasHeader(name), name);
        }
        QVERIFY(answered.hasHeader("X-Response-Kept"));
    }

    void relaysChunkedTrailers()
    {
        ScriptedUpstream upstream;
        upstream.onRequest([](ScriptedUpstream::Connection& connection, const HttpMessageHead&, const QByteArray&) {
            connection.socket->write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     "5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n");
        });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send("POST " + url(upstream.port(), "/trailers")
                    + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2\r\nhi\r\n0\r\nX-Request-Sum: 9\r\n\r\n");
        QVERIFY(client.waitForResponses(1));
        QVERIFY2(upstream.allReceived().endsWith("\r\n0\r\nX-Request-Sum: 9\r\n\r\n"),
                 upstream.allReceived().constData());
        QCOMPARE(client.responses().at(0).body, QByteArray("hello"));
        QVERIFY2(client.received().endsWith("\r\n0\r\nX-Checksum: abc\r\n\r\n"), client.received().constData());
        const auto& trailers = client.responses().at(0).trailers;
        QCOMPARE(trailers.size(), 1);
        QCOMPARE(trailers.at(0).first, QByteArray("X-Checksum"));
        QCOMPARE(trailers.at(0).second, QByteArray("abc"));
    }

    void neverSendsAChunkedBodyToAnHttp10Client_data()
    {
        QTest::addColumn<QByteArray>("extraHeaders");
        QTest::newRow("plain") << QByteArray();
        QTest::newRow("keep-alive") << QByteArray("Connection: keep-alive\r\n");
    }

    void neverSendsAChunkedBodyToAnHttp10Client()
    {
        QFETCH(QByteArray, extraHeaders);
        ScriptedUpstream upstream;
        upstream.onRequest([](ScriptedUpstream::Connection& connection, const HttpMessageHead&, const QByteArray&) {
            connection.socket->write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n");
        });
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig(), nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send("GET " + url(upstream.port(), "/chunked") + " HTTP/1.0\r\n" + extraHeaders + "\r\n");
        QVERIFY(client.waitForClosed());
        QVERIFY2(!client.received().toLower().contains("chunked"), client.received().constData());
        QCOMPARE(client.responses().size(), 1);
        QCOMPARE(client.responses().at(0).body, QByteArray("hello world"));
    }

    void closesIdleKeepAliveClients()
    {
        LocalHttpServer upstream;
        ProxyConfig proxyConfig = this->proxyConfig();
        proxyConfig.idleTimeoutMs = ShortTimeoutMs;
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig, nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send(get(upstream.port(), "/ok"));
        QVERIFY(client.waitForResponses(1));
        const qint64 answeredNs = MonotonicClock::nowNs();
        QVERIFY(client.waitForClosed(5000));
        const qint64 idleMs = (MonotonicClock::nowNs() - answeredNs) / 1'000'000;
        QVERIFY2(idleMs >= ShortTimeoutMs - 50, qPrintable(QString::number(idleMs)));
        QVERIFY(QTest::qWaitFor([&] { return engine.openConnectionCount() == 0; }, 2000));
    }

    void keepsAClientThatKeepsAsking()
    {
        // Five requests a third of the idle timeout apart: 1.5 idle timeouts in all, never idle for one.
        LocalHttpServer upstream;
        ProxyConfig proxyConfig = this->proxyConfig();
        proxyConfig.idleTimeoutMs = 3 * ShortTimeoutMs;
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig, nullptr));
        const HttpTestClient::Plan plan{QList<QByteArray>(5, get(upstream.port(), "/ok")), ShortTimeoutMs};
        const auto results = HttpTestClient::runConnections(engine.proxyPort(), {plan}, 0, 10000);
        QCOMPARE(results.size(), 5);
        for (const auto& result : results) {
            QCOMPARE(result.status, 200);
            QVERIFY(!result.closed);
        }
    }

    void closesAResponseThatStallsMidBody()
    {
        ScriptedUpstream upstream;
        upstream.onRequest([](ScriptedUpstream::Connection& connection, const HttpMessageHead&, const QByteArray&) {
            connection.socket->write(stalledResponse());
        });
        ProxyConfig proxyConfig = this->proxyConfig();
        proxyConfig.stalledBodyTimeoutMs = ShortTimeoutMs;
        ProxyEngineImpl engine;
        EventCollector events(engine);
        QVERIFY(engine.start(proxyConfig, nullptr));
        RawHttpConnection client(engine.proxyPort());
        QVERIFY(client.waitForConnected());
        client.send(get(upstream.port(), "/stall"));
        QVERIFY(client.waitForClosed(5000));
        QVERIFY(client.received().startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(client.responses().isEmpty()); // the body never completed
        QVERIFY(events.waitFor(1));
        QVERIFY2(events.events.at(0).error.contains(QStringLiteral("for %1 ms").arg(ShortTimeoutMs)),
                 qPrintable(events.events.at(0).error));
        QVERIFY(QTest::qWaitFor([&] { return upstream.connection(0).closed; }, 2000));
    }

    void takesNoBackPressureForAStall()
    {
        // A 1 MBps cap holds a 2.5 MB body back for seconds; the upstream is not stalled meanwhile.
        LocalHttpServer upstream;
        ProxyConfig proxyConfig = config({makeFault(BandwidthFault{1, BandwidthUnit::MBps})});
        proxyConfig.stalledBodyTimeoutMs = ShortTimeoutMs;
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig, nullptr));
        const auto result = HttpTestClient::run(engine.proxyPort(), get(upstream.port(), "/bytes/2500000"), 20000);
        QCOMPARE(result.status, 200);
        QVERIFY(result.complete);
    }

    void keepsBlackHoledFlowsOpenPastTheTimeouts()
    {
        // Faults only for `blackHoled`: its responses vanish, one whole, one stalled mid-body.
        ScriptedUpstream blackHoled;
        blackHoled.onRequest(
            [](ScriptedUpstream::Connection& connection, const HttpMessageHead& head, const QByteArray&) {
                connection.socket->write(head.target == "/stall" ? stalledResponse() : response(200, "whole"));
            });
        ScriptedUpstream stalling;
        stalling.onRequest([](ScriptedUpstream::Connection& connection, const HttpMessageHead&, const QByteArray&) {
            connection.socket->write(stalledResponse());
        });
        LocalHttpServer plain;
        ProxyConfig proxyConfig = config({makeFault(BlackholeFault{})});
        proxyConfig.upstreams = {QStringLiteral("127.0.0.1:%1").arg(blackHoled.port())};
        proxyConfig.idleTimeoutMs = ShortTimeoutMs;
        proxyConfig.stalledBodyTimeoutMs = ShortTimeoutMs;
        // One thread: its timers fire in the order they were set, so the black-holed flows' come first.
        proxyConfig.workerThreads = 1;
        ProxyEngineImpl engine;
        EventCollector events(engine);
        QVERIFY(engine.start(proxyConfig, nullptr));

        RawHttpConnection stalledHole(engine.proxyPort());
        RawHttpConnection wholeHole(engine.proxyPort());
        QVERIFY(stalledHole.waitForConnected() && wholeHole.waitForConnected());
        stalledHole.send(get(blackHoled.port(), "/stall"));
        wholeHole.send(get(blackHoled.port(), "/whole"));
        // The whole response was swallowed: its exchange is over, and the client is idle from now.
        QVERIFY(QTest::qWaitFor(
            [&] { return hasEvent(events, [](const ProxyEvent& event) { return event.url.endsWith("/whole"); }); },
            5000));

        RawHttpConnection idle(engine.proxyPort());
        RawHttpConnection stalled(engine.proxyPort());
        QVERIFY(idle.waitForConnected() && stalled.waitForConnected());
        idle.send(get(plain.port(), "/ok"));
        stalled.send(get(stalling.port(), "/stall"));
        QVERIFY(idle.waitForResponses(1));
        QVERIFY(idle.waitForClosed(5000));
        QVERIFY(stalled.waitForClosed(5000));
        // The black-holed stall was noticed too, before the other, and its client left alone.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return hasEvent(events, [&](const ProxyEvent& event) {
                    return event.upstream == QStringLiteral("127.0.0.1:%1").arg(blackHoled.port())
                        && event.url.endsWith("/stall") && !event.error.isEmpty();
                });
            },
            2000));
        QVERIFY(stalledHole.isOpenAndSilent());
        QVERIFY(wholeHole.isOpenAndSilent());
        QVERIFY(QTest::qWaitFor([&] { return engine.openConnectionCount() == 2; }, 2000));
    }

    void keepsABlackHoledRequestSilentWhenTheUpstreamCloses()
    {
        // Upstreams that close every connection soon after accepting it, as an idle timeout does;
        // requests to `blackHoled` vanish on their way, so it never sees one.
        const auto closeSoon = [](ScriptedUpstream::Connection& connection) {
            QTimer::singleShot(ShortTimeoutMs, connection.socket,
                               [socket = connection.socket] { socket->disconnectFromHost(); });
        };
        ScriptedUpstream blackHoled;
        blackHoled.onAccept(closeSoon);
        ScriptedUpstream closing;
        closing.onAccept(closeSoon);
        ProxyConfig proxyConfig = config({makeFault(BlackholeFault{}, FaultSide::Server, FaultDirection::Egress)});
        proxyConfig.upstreams = {QStringLiteral("127.0.0.1:%1").arg(blackHoled.port())};
        proxyConfig.workerThreads = 1;
        ProxyEngineImpl engine;
        QVERIFY(engine.start(proxyConfig, nullptr));

        RawHttpConnection hole(engine.proxyPort());
        QVERIFY(hole.waitForConnected());
        hole.send(get(blackHoled.port(), "/vanishes"));
        QVERIFY(QTest::qWaitFor([&] { return blackHoled.connectionCount() == 1 && blackHoled.connection(0).closed; },
                                5000));
        // The same close, later, on a connection without faults: that client gets its 502.
        RawHttpConnection other(engine.proxyPort());
        QVERIFY(other.waitForConnected());
        other.send(get(closing.port(), "/closed"));
        QVERIFY(other.waitForResponses(1));
        QCOMPARE(other.responses().at(0).head.statusCode, 502);
        QVERIFY(hole.isOpenAndSilent());
        QVERIFY(blackHoled.allReceived().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProxyHttpSemantics)
#include "TestProxyHttpSemantics.moc"
