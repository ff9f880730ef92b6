#include "ScriptedHttpServer.h"
#include "runner/HttpConnection.h"
#include "support/LoopbackPort.h"

#include <optional>

#include <QSignalSpy>
#include <QTest>

namespace
{
constexpr int WaitMs = 5000;
const QByteArray Request = "GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// Sends one request and waits for its outcome.
std::optional<HttpConnection::Response> exchange(HttpConnection& connection, bool expectBody = true)
{
    QSignalSpy completed(&connection, &HttpConnection::completed);
    connection.send(Request, expectBody);
    if (!completed.wait(WaitMs)) {
        return std::nullopt;
    }
    return completed.first().first().value<HttpConnection::Response>();
}
} // namespace

class TestHttpConnection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keepsTheConnectionAlive();
    void reconnectsWhenTheServerClosedAnIdleConnection();
    void readsChunkedAndCloseDelimitedBodies();
    void headResponsesHaveNoBody();
    void keepsTheResponseHeadAndTheBodysFirstBytes();
    void classifiesFailures();
    void abortEndsTheCallAtOnce();
};

void TestHttpConnection::initTestCase()
{
    qRegisterMetaType<HttpConnection::Response>();
}

void TestHttpConnection::keepsTheConnectionAlive()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.reply = [](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.status = 201, .body = "hello"};
    };
    HttpConnection connection(QHostAddress(QHostAddress::LocalHost), server.port());
    for (int i = 0; i < 3; ++i) {
        const auto response = exchange(connection);
        QVERIFY(response);
        QCOMPARE(response->status, 201);
        QCOMPARE(response->bodyBytes, 5u);
        QCOMPARE(toString(response->error), toString(CallErrorClass::None));
        QVERIFY(response->firstByteNs > 0 && response->endNs >= response->firstByteNs);
    }
    QCOMPARE(server.connectionCount(), 1);
}

void TestHttpConnection::reconnectsWhenTheServerClosedAnIdleConnection()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.reply = [](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.close = true};
    };
    HttpConnection connection(QHostAddress(QHostAddress::LocalHost), server.port());
    QCOMPARE(exchange(connection)->status, 200);
    QCOMPARE(exchange(connection)->status, 200);
    QCOMPARE(server.connectionCount(), 2);
}

void TestHttpConnection::readsChunkedAndCloseDelimitedBodies()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.reply = [&server](const HttpMessageHead&) {
        return server.requestCount() == 1
            ? ScriptedHttpServer::Reply{.raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                               "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"}
            : ScriptedHttpServer::Reply{.close = true, .raw = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n123456"};
    };
    HttpConnection connection(QHostAddress(QHostAddress::LocalHost), server.port());
    QCOMPARE(exchange(connection)->bodyBytes, 7u);
    const auto untilClose = exchange(connection);
    QCOMPARE(toString(untilClose->error), toString(CallErrorClass::None));
    QCOMPARE(untilClose->bodyBytes, 6u);
}

void TestHttpConnection::headResponsesHaveNoBody()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.reply = [](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"};
    };
    HttpConnection connection(QHostAddress(QHostAddress::LocalHost), server.port());
    const auto response = exchange(connection, false);
    QVERIFY(response);
    QCOMPARE(toString(response->error), toString(CallErrorClass::None));
    QCOMPARE(response->bodyBytes, 0u);
}

void TestHttpConnection::keepsTheResponseHeadAndTheBodysFirstBytes()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    const QByteArray body = QByteArray(3000, 'a') + QByteArray(3000, 'b');
    server.reply = [&body](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.raw = "HTTP/1.1 503 Busy\r\nRetry-After: 2\r\nContent-Length: 6000\r\n\r\n"
                                             + body};
    };
    HttpConnection connection(QHostAddress(QHostAddress::LocalHost), server.port());
    const auto response = exchange(connection);
    QVERIFY(response);
    QCOMPARE(response->bodyBytes, 6000u);
    const CallExchange kept = response->exchange(7, Request);
    QCOMPARE(kept.callIndex, 7u);
    QCOMPARE(kept.requestHead, Request);
    QVERIFY2(kept.responseHead.startsWith("HTTP/1.1 503 Busy\r\n"), kept.responseHead.constData());
    QVERIFY(kept.responseHead.contains("Retry-After: 2\r\n"));
    QVERIFY(kept.responseHead.endsWith("\r\n\r\n"));
    QCOMPARE(kept.responseBody, body.first(CallExchange::BodyExcerptBytes));
}

void TestHttpConnection::classifiesFailures()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.reply = [&server](const HttpMessageHead&) {
        return server.requestCount() == 1
            ? ScriptedHttpServer::Reply{.raw = "SMTP ready\r\n\r\n"}
            : ScriptedHttpServer::Reply{.close = true, .raw = "HTTP/1.1 200 OK\r\nContent-"};
    };
    HttpConnection connection(QHostAddress(QHostAddress::LocalHost), server.port());
    QCOMPARE(toString(exchange(connection)->error), toString(CallErrorClass::InvalidResponse));
    QCOMPARE(toString(exchange(connection)->error), toString(CallErrorClass::Reset));

    const quint16 closedPort = unusedLoopbackPort();
    QVERIFY(closedPort != 0);
    HttpConnection refused(QHostAddress(QHostAddress::LocalHost), closedPort);
    const auto response = exchange(refused);
    QCOMPARE(toString(response->error), toString(CallErrorClass::Refused));
    QCOMPARE(response->status, 0);
}

void TestHttpConnection::abortEndsTheCallAtOnce()
{
    ScriptedHttpServer server;
    QVERIFY(server.listen());
    server.reply = [](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{.silent = true};
    };
    HttpConnection connection(QHostAddress(QHostAddress::LocalHost), server.port());
    QSignalSpy completed(&connection, &HttpConnection::completed);
    connection.send(Request, true);
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 1, WaitMs);
    QVERIFY(connection.isBusy());
    connection.abort(CallErrorClass::Timeout);
    QCOMPARE(completed.size(), 1);
    QCOMPARE(toString(completed.first().first().value<HttpConnection::Response>().error),
             toString(CallErrorClass::Timeout));
    QVERIFY(!connection.isBusy());
    // The connection is usable again afterwards.
    server.reply = [](const HttpMessageHead&) {
        return ScriptedHttpServer::Reply{};
    };
    QCOMPARE(exchange(connection)->status, 200);
}

QTEST_GUILESS_MAIN(TestHttpConnection)
#include "TestHttpConnection.moc"
