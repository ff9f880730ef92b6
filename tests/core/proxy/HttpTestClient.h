#pragma once

#include "proxy/HttpMessageParser.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

// The tests' client: sends exactly the bytes it is given (absolute-form requests, broken ones,
// ...) on one fresh connection, one request after another's response, and times each on the
// monotonic clock from its write (the first: from the connect) to its last byte.
class HttpTestClient : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        int status = 0;
        QByteArray body; // the first 64 KiB
        qint64 responseBytes = 0; // everything read, head included
        qint64 bytesAtFirstRead = 0;
        qint64 startNs = 0;
        qint64 firstByteNs = 0;
        qint64 endNs = 0;
        bool complete = false; // a whole response arrived
        bool closed = false; // the proxy closed the connection
        bool timedOut = false; // our own timeout ended it
    };

    // How one connection is used: its requests, and the wait after each response.
    struct Plan
    {
        QList<QByteArray> requests;
        int pauseMs = 0;
    };

    HttpTestClient(quint16 port, const Plan& plan, int timeoutMs, QObject* parent = nullptr);

    void start();
    const QList<Result>& results() const;
    // The first request's result.
    const Result& result() const;

    // One exchange, waited for.
    static Result run(quint16 port, const QByteArray& request, int timeoutMs);
    // One connection a request, at most `concurrency` at a time; results in order.
    static QList<Result> runAll(quint16 port, const QList<QByteArray>& requests, int concurrency, int timeoutMs);
    // One connection a request, request i started at i·intervalMs: a steady arrival rate, so that
    // the clients do not queue behind each other as a burst does.
    static QList<Result> runPaced(quint16 port, const QList<QByteArray>& requests, int intervalMs, int timeoutMs);
    // One kept-alive connection a plan, started staggerMs apart so that they do not move in step;
    // every result, connection after connection.
    static QList<Result> runConnections(quint16 port, const QList<Plan>& plans, int staggerMs, int timeoutMs);

signals:
    void finished();

private:
    void sendNext();
    void onReadyRead();
    void finish();

    quint16 m_port;
    Plan m_plan;
    QList<Result> m_results;
    QTimer m_timeout;
    QTimer m_pause;
    HttpMessageParser m_parser{HttpMessageParser::Kind::Response};
    bool m_finished = false;
    // Last, so that it goes first: its destructor still signals, and the handlers use the rest.
    QTcpSocket m_socket;
};
