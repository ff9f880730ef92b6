#include "support/TlsTestServer.h"

#include "support/FileContents.h"

#include <QFile>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>

namespace
{
constexpr int OpensslTimeoutMs = 30000;
constexpr char Body[] = "ok";

} // namespace

TlsTestServer::TlsTestServer(QObject* parent)
    : QObject(parent)
    , m_server(this) // a child, so that it moves to another thread with the server
{
    connect(&m_server, &QSslServer::pendingConnectionAvailable, this, &TlsTestServer::onConnection);
}

TlsTestServer::~TlsTestServer() = default;

bool TlsTestServer::start(QString* error)
{
    const QString keyPath = m_folder.filePath(QStringLiteral("key.pem"));
    const QString certificatePath = m_folder.filePath(QStringLiteral("certificate.pem"));
    QProcess openssl;
    // An EC key: made in milliseconds, where RSA takes a noticeable moment on a loaded machine.
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"), QStringLiteral("-keyout"), keyPath,
                   QStringLiteral("-out"), certificatePath});
    if (!openssl.waitForFinished(OpensslTimeoutMs) || openssl.exitCode() != 0) {
        *error = QStringLiteral("openssl could not make a certificate: %1 %2")
                     .arg(openssl.errorString(), QString::fromLocal8Bit(openssl.readAllStandardError()));
        return false;
    }
    m_certificate = QSslCertificate(fileContents(certificatePath), QSsl::Pem);
    m_key = QSslKey(fileContents(keyPath), QSsl::Ec, QSsl::Pem);
    if (m_certificate.isNull() || m_key.isNull()) {
        *error = QStringLiteral("the certificate openssl made does not load");
        return false;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(m_certificate);
    configuration.setPrivateKey(m_key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_server.setSslConfiguration(configuration);
    if (!m_server.listen(QHostAddress::LocalHost)) {
        *error = m_server.errorString();
        return false;
    }
    return true;
}

void TlsTestServer::trustCertificate() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificate(m_certificate);
    QSslConfiguration::setDefaultConfiguration(configuration);
}

void TlsTestServer::onConnection()
{
    while (m_server.hasPendingConnections()) {
        auto* socket = qobject_cast<QSslSocket*>(m_server.nextPendingConnection());
        if (!socket) {
            continue;
        }
        // QSslServer hands a connection over once its handshake is done.
        ++m_handshakes;
        socket->setParent(this);
        connect(socket, &QSslSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        onReadyRead(socket); // a request may have come with the handshake's end
    }
}

void TlsTestServer::onReadyRead(QSslSocket* socket)
{
    // Requests without bodies, as the tests send them: each ends at its blank line.
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    for (qsizetype end = buffer.indexOf("\r\n\r\n"); end >= 0; end = buffer.indexOf("\r\n\r\n")) {
        buffer.remove(0, end + 4);
        ++m_requests;
        socket->write(QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ")
                      + QByteArray::number(qsizetype(sizeof(Body) - 1)) + "\r\n\r\n" + Body);
        emit requestServed();
    }
    socket->setProperty("buffer", buffer);
}
