#pragma once

#include "proxy/HttpMessageParser.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

// One HTTP exchange on a fresh connection, timed on the monotonic clock: the tests' client,
// which sends exactly the bytes it is given (absolute-form requests, broken requests, ...).
class HttpTestClient : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        int status = 0;
        QByteArray body;
        qint64 responseBytes = 0; // everything read, head included
        qint64 bytesAtFirstRead = 0;
        qint64 startNs = 0;
        qint64 firstByteNs = 0;
        qint64 endNs = 0;
        bool complete = false; // a whole response arrived
        bool closed = false; // the proxy closed the connection
        bool timedOut = false; // our own timeout ended it
    };

    HttpTestClient(quint16 port, const QByteArray& request, int timeoutMs, QObject* parent = nullptr);

    void start();
    const Result& result() const;
    QTcpSocket& socket();

    // Runs the requests, at most `concurrency` at a time, each on its own connection, and
    // returns their results in order. Bounded: every exchange has its own timeout.
    static QList<Result> runAll(quint16 port, const QList<QByteArray>& requests, int concurrency, int timeoutMs);
    // Starts request i at i·intervalMs (a steady arrival rate, so that the clients do not queue
    // behind each other as a burst does) and returns the results in order.
    static QList<Result> runPaced(quint16 port, const QList<QByteArray>& requests, int intervalMs, int timeoutMs);
    // One exchange, waited for.
    static Result run(quint16 port, const QByteArray& request, int timeoutMs);

signals:
    void finished();

private:
    void onReadyRead();
    void finish();

    quint16 m_port;
    QByteArray m_request;
    QTimer m_timeout;
    HttpMessageParser m_parser{HttpMessageParser::Kind::Response};
    Result m_result;
    bool m_finished = false;
    // Last, so that it goes first: its destructor still signals, and the handlers use the rest.
    QTcpSocket m_socket;
};
