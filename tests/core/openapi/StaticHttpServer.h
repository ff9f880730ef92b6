#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

// A tiny HTTP/1.1 server on 127.0.0.1 with canned answers, for the --spec-url cases. It runs on
// the test's event loop: a blocking load in the same thread is served while it spins.
class StaticHttpServer : public QObject
{
    Q_OBJECT

public:
    struct Response
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        bool silent = false; // read the request, never answer
    };

    // Listens on a free loopback port. False when it cannot.
    bool listen();
    void serve(const QString& path, const Response& response);
    // `http://127.0.0.1:PORT` followed by path.
    QString url(const QString& path) const;
    QStringList requestedPaths() const
    {
        return m_requestedPaths;
    }

private:
    void answer(QTcpSocket* socket);

    QTcpServer m_server;
    QHash<QString, Response> m_responses;
    QStringList m_requestedPaths;
};
