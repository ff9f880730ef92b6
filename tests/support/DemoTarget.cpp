#include "DemoTarget.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace
{
quint16 freeLoopbackPort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

bool answers(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(200)) {
        return false;
    }
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray reply;
    QDeadlineTimer deadline(2000);
    while (!reply.contains("\r\n\r\n") && !deadline.hasExpired() && socket.waitForReadyRead(200)) {
        reply += socket.readAll();
    }
    return reply.startsWith("HTTP/1.1 200");
}
} // namespace

DemoTarget::~DemoTarget()
{
    stop();
}

bool DemoTarget::start(QString* error, int timeoutMs)
{
    m_port = freeLoopbackPort();
    if (m_port == 0 || !m_folder.isValid()) {
        *error = QStringLiteral("no free loopback port or temporary folder for the demo target");
        return false;
    }
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("AFTERSHOCK_DEMO_DB"), m_folder.filePath(QStringLiteral("demo.db")));
    m_process.setProcessEnvironment(environment);
    m_process.setWorkingDirectory(m_folder.path());
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // Debian's python, not a pyenv shim on PATH: only it sees python3-fastapi and friends.
    m_process.start(QStringLiteral("/usr/bin/python3"),
                    {QStringLiteral("-m"), QStringLiteral("uvicorn"), QStringLiteral("--app-dir"),
                     QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target"), QStringLiteral("app:app"),
                     QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                     QString::number(m_port), QStringLiteral("--no-access-log")});
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.state() == QProcess::NotRunning) {
            *error = QStringLiteral("uvicorn exited: ") + QString::fromLocal8Bit(m_process.readAll());
            return false;
        }
        if (answers(m_port)) {
            return true;
        }
        QThread::msleep(100);
    }
    *error = QStringLiteral("the demo target did not answer within %1 ms: ").arg(timeoutMs)
        + QString::fromLocal8Bit(m_process.readAll());
    stop();
    return false;
}

void DemoTarget::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
}

QString DemoTarget::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}
