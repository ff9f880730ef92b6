#include "demo/DemoTargetProcess.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace
{
constexpr int StartTimeoutMs = 25000;
const QString AppDirectory = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target");

// A program on the port that answers every request with a 404, as a web server of another kind would.
class OtherServer : public QObject
{
public:
    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const
    {
        return m_server.serverPort();
    }

private:
    QTcpServer m_server;
};
} // namespace

class TestDemoTargetProcess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startsOnAFreePortAndStops();
    void usesADemoTargetThatRunsAlready();
    void failsClearlyWhenThePortIsTaken();
    void failsWithTheInstallCommandWithoutPython();
    void failsWithTheInstallCommandWithoutTheModules();
    void failsWhenTheAppIsNotInstalled();
    void findsTheAppInTheSourceTree();

private:
    DemoTargetProcess::Options options(quint16 port = 0) const;
    // Starts process and waits for its verdict: the message of failed(), or empty when ready.
    static QString startAndWait(DemoTargetProcess& process, bool* isReady);

    QTemporaryDir m_folder;
};

void TestDemoTargetProcess::initTestCase()
{
    // The data folders of the test mode: a demo target installed on this machine is not looked at.
    QStandardPaths::setTestModeEnabled(true);
}

DemoTargetProcess::Options TestDemoTargetProcess::options(quint16 port) const
{
    DemoTargetProcess::Options options;
    options.port = port;
    options.appDirectory = AppDirectory;
    options.databasePath = m_folder.filePath(QStringLiteral("demo.db"));
    return options;
}

QString TestDemoTargetProcess::startAndWait(DemoTargetProcess& process, bool* isReady)
{
    QSignalSpy ready(&process, &DemoTargetProcess::ready);
    QSignalSpy failed(&process, &DemoTargetProcess::failed);
    process.start();
    // Bounded as the launcher is, and a little more for its last probe; the caller checks which came.
    if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, StartTimeoutMs)) {
        return QStringLiteral("neither ready nor failed within %1 ms").arg(StartTimeoutMs);
    }
    *isReady = !ready.isEmpty();
    return failed.isEmpty() ? QString() : failed.first().first().toString();
}

void TestDemoTargetProcess::startsOnAFreePortAndStops()
{
    DemoTargetProcess process(options());
    bool ready = false;
    const QString message = startAndWait(process, &ready);
    QVERIFY2(ready, qPrintable(message));
    QVERIFY(process.port() != 0);
    QVERIFY(process.port() != DemoTargetProcess::DefaultPort);
    QCOMPARE(process.address(), QStringLiteral("127.0.0.1:%1").arg(process.port()));
    QVERIFY(process.isChildProcess());
    QVERIFY(QFile::exists(m_folder.filePath(QStringLiteral("demo.db"))));

    // The app itself answers.
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(process.baseUrl() + QStringLiteral("/"))));
    QSignalSpy answered(reply, &QNetworkReply::finished);
    QVERIFY(answered.wait(5000));
    QCOMPARE(reply->readAll(), QByteArray(R"({"message":"Hello, World!"})"));
    reply->deleteLater();

    QSignalSpy stopped(&process, &DemoTargetProcess::stopped);
    process.stop();
    QCOMPARE(process.state(), DemoTargetProcess::State::Stopping);
    QVERIFY(stopped.wait(int(DemoTargetProcess::StopGrace.count()) + 2000));
    QCOMPARE(process.state(), DemoTargetProcess::State::Idle);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, process.port());
    QSignalSpy refused(&socket, &QTcpSocket::errorOccurred);
    QVERIFY(refused.wait(5000));
    QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestDemoTargetProcess::usesADemoTargetThatRunsAlready()
{
    DemoTargetProcess first(options());
    bool ready = false;
    QString message = startAndWait(first, &ready);
    QVERIFY2(ready, qPrintable(message));

    DemoTargetProcess second(options(first.port()));
    message = startAndWait(second, &ready);
    QVERIFY2(ready, qPrintable(message));
    QVERIFY(!second.isChildProcess());
    // Stopping the one it found leaves it running: it is not this one's.
    second.stop();
    QCOMPARE(second.state(), DemoTargetProcess::State::Idle);
    QCOMPARE(first.state(), DemoTargetProcess::State::Ready);
}

void TestDemoTargetProcess::failsClearlyWhenThePortIsTaken()
{
    OtherServer other;
    QVERIFY(other.listen());
    DemoTargetProcess process(options(other.port()));
    bool ready = false;
    const QString message = startAndWait(process, &ready);
    QVERIFY(!ready);
    QCOMPARE(process.state(), DemoTargetProcess::State::Failed);
    QVERIFY2(message.startsWith(QStringLiteral("Port %1 on 127.0.0.1 is taken by another program").arg(other.port())),
             qPrintable(message));
    QVERIFY(!process.isChildProcess());
}

void TestDemoTargetProcess::failsWithTheInstallCommandWithoutPython()
{
    DemoTargetProcess::Options withoutPython = options();
    withoutPython.interpreter = m_folder.filePath(QStringLiteral("no-such-python3"));
    DemoTargetProcess process(withoutPython);
    bool ready = false;
    const QString message = startAndWait(process, &ready);
    QVERIFY(!ready);
    QVERIFY2(message.contains(withoutPython.interpreter), qPrintable(message));
    QVERIFY2(message.endsWith(QStringLiteral("sudo apt install python3-fastapi python3-uvicorn python3-sqlalchemy")),
             qPrintable(message));
}

void TestDemoTargetProcess::failsWithTheInstallCommandWithoutTheModules()
{
    // Debian's python without its site packages (-S): as where python3-uvicorn is not installed.
    const QString interpreter = m_folder.filePath(QStringLiteral("bare-python3"));
    QFile script(interpreter);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    DemoTargetProcess::Options bare = options();
    bare.interpreter = interpreter;
    DemoTargetProcess process(bare);
    bool ready = false;
    const QString message = startAndWait(process, &ready);
    QVERIFY(!ready);
    QVERIFY2(message.startsWith(QStringLiteral("%1 has no module uvicorn").arg(interpreter)), qPrintable(message));
    QVERIFY2(message.endsWith(DemoTargetProcess::installCommand()), qPrintable(message));
}

void TestDemoTargetProcess::failsWhenTheAppIsNotInstalled()
{
    const QTemporaryDir empty;
    DemoTargetProcess::Options missing = options();
    missing.appDirectory = empty.path();
    DemoTargetProcess process(missing);
    bool ready = false;
    const QString message = startAndWait(process, &ready);
    QVERIFY(!ready);
    QVERIFY2(message.startsWith(QStringLiteral("The demo target is not installed")), qPrintable(message));
}

void TestDemoTargetProcess::findsTheAppInTheSourceTree()
{
    // A test program is neither installed nor beside share/: the source tree's copy is the one.
    QCOMPARE(DemoTargetProcess::locateAppDirectory(), QDir::cleanPath(AppDirectory));
}

QTEST_GUILESS_MAIN(TestDemoTargetProcess)
#include "TestDemoTargetProcess.moc"
