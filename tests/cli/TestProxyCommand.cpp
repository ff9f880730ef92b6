#include "HttpTestClient.h"
#include "LocalHttpServer.h"
#include "support/LoopbackPort.h"

#include <csignal>

#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// `aftershock-cli proxy` as a person uses it from a terminal: the real program, the real engine,
// a local upstream, and Ctrl-C (SIGINT) to stop it.
class TestProxyCommand : public QObject
{
    Q_OBJECT

private:
    LocalHttpServer m_upstream;

    static QString cliPath()
    {
        return QStringLiteral(AFTERSHOCK_BINARY_DIR "/src/cli/aftershock-cli");
    }

    static QByteArray request(quint16 upstreamPort, const QByteArray& path)
    {
        return "GET http://127.0.0.1:" + QByteArray::number(upstreamPort) + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    // Starts the proxy and waits for its banner.
    static bool startProxy(QProcess& process, const QStringList& arguments)
    {
        process.start(cliPath(), QStringList{QStringLiteral("proxy")} + arguments);
        const bool started = process.waitForStarted(5000)
            && QTest::qWaitFor([&] { return process.peek(4096).contains("Ctrl-C stops."); }, 10000);
        if (!started) {
            // Why, for the log of a failed run: a port taken, a bad option.
            qWarning("the proxy did not start: %s %s", process.readAllStandardError().constData(),
                     process.readAllStandardOutput().constData());
        }
        return started;
    }

    static void interrupt(QProcess& process)
    {
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    }

private slots:
    void printsALinePerRequestUntilCtrlC()
    {
        const quint16 port = unusedLoopbackPort();
        QProcess proxy;
        QVERIFY(startProxy(proxy,
                           {QStringLiteral("--proxy-address"), QStringLiteral("127.0.0.1:%1").arg(port),
                            QStringLiteral("--upstream"), QStringLiteral("127.0.0.1:%1").arg(m_upstream.port()),
                            QStringLiteral("--with-latency"), QStringLiteral("--latency-mean"), QStringLiteral("150"),
                            QStringLiteral("--latency-stddev"), QStringLiteral("0")}));
        const auto result = HttpTestClient::run(port, request(m_upstream.port(), "/ok"), 5000);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.body, QByteArray("hello"));
        QVERIFY2(result.endNs - result.startNs >= 140'000'000, "the latency fault was not applied");

        interrupt(proxy);
        QVERIFY(proxy.waitForFinished(5000));
        QCOMPARE(proxy.exitStatus(), QProcess::NormalExit);
        QCOMPARE(proxy.exitCode(), 0);
        const QString output = QString::fromUtf8(proxy.readAllStandardOutput());
        const QRegularExpression line(
            QStringLiteral(R"(GET http://127\.0\.0\.1:%1/ok -> .*200.*latency server/ingress \+150\.0 ms)")
                .arg(m_upstream.port()));
        QVERIFY2(line.match(output).hasMatch(), qPrintable(output));
        QVERIFY2(output.endsWith(QStringLiteral("aftershock proxy stopped\n")), qPrintable(output));
    }

    void warnsWhenListeningBeyondLoopback()
    {
        QProcess refused;
        refused.start(cliPath(),
                      {QStringLiteral("proxy"), QStringLiteral("--proxy-address"), QStringLiteral("0.0.0.0:0")});
        QVERIFY(refused.waitForFinished(10000));
        QCOMPARE(refused.exitCode(), 2);
        QVERIFY2(refused.readAllStandardError().contains("--allow-non-loopback"), "the refusal names the option");

        QProcess allowed;
        QVERIFY(startProxy(
            allowed,
            {QStringLiteral("--proxy-address"), QStringLiteral("0.0.0.0:0"), QStringLiteral("--allow-non-loopback")}));
        interrupt(allowed);
        QVERIFY(allowed.waitForFinished(5000));
        QCOMPARE(allowed.exitCode(), 0);
        QVERIFY(allowed.readAllStandardError().contains("warning"));
    }

    // Another loopback address stands in for the machine's others (no traffic leaves 127.0.0.0/8):
    // the default proxy is bound to 127.0.0.1 alone, not to every address.
    void listensOnLoopbackOnlyByDefault()
    {
        QProcess proxy;
        QVERIFY(startProxy(proxy, {}));
        const QString banner = QString::fromUtf8(proxy.peek(4096));
        QVERIFY2(banner.contains(QStringLiteral("aftershock proxy on 127.0.0.1:3180")), qPrintable(banner));
        QTcpSocket loopback;
        loopback.connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), 3180);
        QVERIFY(loopback.waitForConnected(5000));
        QTcpSocket elsewhere;
        elsewhere.connectToHost(QHostAddress(QStringLiteral("127.0.0.2")), 3180);
        QVERIFY(!elsewhere.waitForConnected(5000));
        QCOMPARE(elsewhere.error(), QAbstractSocket::ConnectionRefusedError);
        interrupt(proxy);
        QVERIFY(proxy.waitForFinished(5000));
    }

    // `proxy --scenario --item` of a load item with a steady state, as a k6 export starts it: no
    // fault before the faulted phase, the fault within it, and the proxy gone after the last phase.
    void keepsAnItemsSteadyStateFaultFree()
    {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("steady.yaml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral("title: steady\nitems:\n  - call:\n      method: GET\n      url: http://127.0.0.1:%1/ok\n"
                           "    context:\n      upstreams: ['*']\n      faults:\n        - type: latency\n"
                           "          mean: 400\n          stddev: 0\n      strategy:\n        mode: load\n"
                           "        duration: 1s\n        clients: 1\n        rps: 1\n        steady_state:\n"
                           "          before: 3s\n          after: 1s\n")
                .arg(m_upstream.port())
                .toUtf8());
        file.close();

        QProcess tooShort;
        tooShort.start(cliPath(),
                       {QStringLiteral("proxy"), QStringLiteral("--scenario"), path, QStringLiteral("--duration"),
                        QStringLiteral("2s")});
        QVERIFY(tooShort.waitForFinished(10000));
        QCOMPARE(tooShort.exitCode(), 2);
        QVERIFY2(tooShort.readAllStandardError().contains("steady state and load last 5s"), "names the total");

        const quint16 port = unusedLoopbackPort();
        QProcess proxy;
        QVERIFY(startProxy(proxy,
                           {QStringLiteral("--proxy-address"), QStringLiteral("127.0.0.1:%1").arg(port),
                            QStringLiteral("--scenario"), path}));
        const auto before = HttpTestClient::run(port, request(m_upstream.port(), "/ok"), 5000);
        QCOMPARE(before.status, 200);
        QVERIFY2(before.endNs - before.startNs < 400'000'000,
                 qPrintable(QStringLiteral("a fault acted in the before phase: %1 ms")
                                .arg((before.endNs - before.startNs) / 1'000'000)));
        // The faulted phase starts 3 s in; poll until a call meets the fault (bounded).
        const auto metTheFault = [&] {
            const auto during = HttpTestClient::run(port, request(m_upstream.port(), "/ok"), 5000);
            return during.status == 200 && during.endNs - during.startNs >= 390'000'000;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(metTheFault(), "the fault never acted in the faulted phase", 10000);
        // Without --duration, the proxy lasts the three phases and stops by itself.
        QVERIFY(proxy.waitForFinished(10000));
        QCOMPARE(proxy.exitCode(), 0);
    }

    void explainsBadOptions()
    {
        QProcess process;
        process.start(cliPath(),
                      {QStringLiteral("proxy"), QStringLiteral("--with-latency"), QStringLiteral("--latency-mean"),
                       QStringLiteral("soon")});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("--latency-mean"));
        process.start(cliPath(), {QStringLiteral("proxy"), QStringLiteral("--seed"), QStringLiteral("twelve")});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("--seed takes a whole number"));
    }
};

QTEST_GUILESS_MAIN(TestProxyCommand)
#include "TestProxyCommand.moc"
