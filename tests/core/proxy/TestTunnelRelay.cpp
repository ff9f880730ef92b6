#include "ProxyTestSupport.h"
#include "support/TlsTestServer.h"

#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>

using namespace ProxyTestSupport;

namespace
{
constexpr int WaitMs = 10000;
constexpr double LatencyMs = 300;

// Reads from socket until what was read ends with ending, within WaitMs.
bool readUntil(QSslSocket& socket, QByteArray& received, const QByteArray& ending)
{
    return QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return received.endsWith(ending);
        },
        WaitMs);
}

double appliedLatencyMs(const ProxyEvent& event)
{
    double total = 0;
    for (const ProxyEvent::AppliedFault& applied : event.applied) {
        total += applied.type == FaultType::Latency ? applied.amount : 0;
    }
    return total;
}
} // namespace

// The tunnel's byte stream with faults, against a real TLS server through CONNECT, as curl or the
// runner calls an https URL through the proxy.
class TestTunnelRelay : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void latencyDelaysEachHttpsExchangeOnce();

private:
    TlsTestServer m_server;
};

void TestTunnelRelay::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestTunnelRelay::latencyDelaysEachHttpsExchangeOnce()
{
    ProxyEngineImpl engine;
    EventCollector collector(engine);
    QVERIFY(engine.start(config({makeFault(LatencyFault{.mean = LatencyMs, .stddev = 0})}), nullptr));

    QSslSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, engine.proxyPort());
    QVERIFY(socket.waitForConnected(WaitMs));
    const QByteArray authority = "localhost:" + QByteArray::number(m_server.port());
    socket.write("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
    QByteArray received;
    QVERIFY(readUntil(socket, received, "\r\n\r\n"));
    QVERIFY(received.startsWith("HTTP/1.1 200 "));

    socket.setPeerVerifyName(QStringLiteral("localhost"));
    QSslConfiguration trusting = socket.sslConfiguration();
    trusting.addCaCertificate(m_server.certificate());
    socket.setSslConfiguration(trusting);
    socket.startClientEncryption();
    QTRY_VERIFY_WITH_TIMEOUT(socket.isEncrypted(), WaitMs);

    // Two calls on the kept-alive tunnel: each waits for the latency, the handshake did not.
    for (int call = 0; call < 2; ++call) {
        QElapsedTimer timer;
        timer.start();
        received.clear();
        socket.write("GET / HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
        QVERIFY(readUntil(socket, received, "\r\n\r\nok"));
        QVERIFY2(timer.elapsed() >= LatencyMs, qPrintable(QString::number(timer.elapsed())));
    }
    socket.disconnectFromHost();
    QVERIFY(collector.waitFor(1, WaitMs));
    const ProxyEvent& tunnel = collector.events.constLast();
    QCOMPARE(tunnel.kind, ProxyEvent::Kind::Tunnel);
    // Once for each call's exchange: not for the handshake's flights, not once for the tunnel.
    QCOMPARE(appliedLatencyMs(tunnel), 2 * LatencyMs);
    QCOMPARE(m_server.handshakes(), 1);
    QCOMPARE(m_server.requests(), 2);
}

QTEST_GUILESS_MAIN(TestTunnelRelay)
#include "TestTunnelRelay.moc"
