#pragma once

#include "HttpTestClient.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

// Requests sent one after another on one kept-alive connection, each timed from its write to
// its last byte: a light client for measuring many requests without a connection each.
class HttpTestSession : public QObject
{
    Q_OBJECT

public:
    // pauseMs: the wait after each response before the next request.
    HttpTestSession(quint16 port, const QList<QByteArray>& requests, int timeoutMs, int pauseMs = 0,
                    QObject* parent = nullptr);

    void start();
    const QList<HttpTestClient::Result>& results() const;

    struct Plan
    {
        QList<QByteArray> requests;
        int pauseMs = 0;
    };
    // Runs one session a plan, starting them staggerMs apart so that they do not move in step,
    // and returns every result, session after session. Bounded by each session's timeout.
    static QList<HttpTestClient::Result> runAll(quint16 port, const QList<Plan>& sessions, int staggerMs,
                                                int timeoutMs);

signals:
    void finished();

private:
    void sendNext();
    void onReadyRead();
    void finish();

    quint16 m_port;
    QList<QByteArray> m_requests;
    QList<HttpTestClient::Result> m_results;
    QTimer m_timeout;
    QTimer m_pause;
    HttpMessageParser m_parser{HttpMessageParser::Kind::Response};
    bool m_finished = false;
    // Last, so that it goes first: its destructor still signals, and the handlers use the rest.
    QTcpSocket m_socket;
};
