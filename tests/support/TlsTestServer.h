#pragma once

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QTemporaryDir>

class QSslSocket;

// An https server on 127.0.0.1 with a certificate that openssl (Debian's) makes for it, valid for
// `localhost` and 127.0.0.1 and trusted by nobody until a test says so. It answers every request
// with 200 and a short body, keeping the connection alive, on its thread (move it to one of its
// own and start it there when the test blocks its main thread, waiting on a process).
class TlsTestServer : public QObject
{
    Q_OBJECT

public:
    explicit TlsTestServer(QObject* parent = nullptr);
    ~TlsTestServer() override;

    // False, with the reason in error, when no certificate could be made or no port opened.
    bool start(QString* error);

    quint16 port() const
    {
        return m_server.serverPort();
    }
    const QSslCertificate& certificate() const
    {
        return m_certificate;
    }
    // Makes the certificate trusted by every TLS socket of the process made from now on.
    void trustCertificate() const;
    int handshakes() const
    {
        return m_handshakes;
    }
    int requests() const
    {
        return m_requests;
    }

signals:
    void requestServed();

private:
    void onConnection();
    void onReadyRead(QSslSocket* socket);

    QTemporaryDir m_folder;
    QSslServer m_server;
    QSslCertificate m_certificate;
    QSslKey m_key;
    int m_handshakes = 0;
    int m_requests = 0;
};
